//! Lambda function `dismiss-notification`: `DELETE /v1/notifications/{notification_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::dismiss_notification).await
}
