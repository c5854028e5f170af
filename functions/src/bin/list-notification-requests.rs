//! Lambda function `list-notification-requests`: `GET /v1/notifications/requests`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::list_notification_requests).await
}
