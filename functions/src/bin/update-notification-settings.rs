//! Lambda function `update-notification-settings`: `PATCH /v1/me/notification-settings`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::update_notification_settings).await
}
