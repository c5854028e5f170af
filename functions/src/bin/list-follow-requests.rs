//! Lambda function `list-follow-requests`: `GET /v1/me/follow-requests`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::LIST_FOLLOW_REQUESTS)
}
