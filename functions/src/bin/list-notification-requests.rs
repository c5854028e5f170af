//! Lambda function `list-notification-requests`: `GET /v1/notifications/requests`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::LIST_NOTIFICATION_REQUESTS)
}
