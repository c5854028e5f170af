//! Lambda function `mark-all-notifications-read`: `POST /v1/notifications/read`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::mark_all_notifications_read).await
}
