//! Lambda function `unsubscribe-notifications`: `POST /v1/notifications/unsubscribe`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::UNSUBSCRIBE_NOTIFICATIONS)
}
