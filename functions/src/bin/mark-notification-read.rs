//! Lambda function `mark-notification-read`: `POST /v1/notifications/{notification_id}/read`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::mark_notification_read).await
}
