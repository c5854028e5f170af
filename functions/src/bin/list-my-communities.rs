//! Lambda function `list-my-communities`: `GET /v1/me/communities`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::LIST_MY_COMMUNITIES)
}
