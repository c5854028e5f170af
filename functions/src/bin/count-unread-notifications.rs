//! Lambda function `count-unread-notifications`: `GET /v1/notifications/unread-count`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::COUNT_UNREAD_NOTIFICATIONS)
}
