//! Lambda function `list-followers`: `GET /v1/users/{username}/followers`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::LIST_FOLLOWERS)
}
