//! Lambda function `list-following`: `GET /v1/users/{username}/following`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::LIST_FOLLOWING)
}
