//! Lambda function `list-conversations`: `GET /v1/conversations`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::LIST_CONVERSATIONS)
}
