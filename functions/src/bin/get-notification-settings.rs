//! Lambda function `get-notification-settings`: `GET /v1/me/notification-settings`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::get_notification_settings).await
}
