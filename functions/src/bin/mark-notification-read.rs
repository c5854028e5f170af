//! Lambda function `mark-notification-read`: `POST /v1/notifications/{notification_id}/read`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::MARK_NOTIFICATION_READ)
}
