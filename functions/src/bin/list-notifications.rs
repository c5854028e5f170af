//! Lambda function `list-notifications`: `GET /v1/notifications`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::LIST_NOTIFICATIONS)
}
