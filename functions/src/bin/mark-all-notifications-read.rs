//! Lambda function `mark-all-notifications-read`: `POST /v1/notifications/read`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::MARK_ALL_NOTIFICATIONS_READ)
}
