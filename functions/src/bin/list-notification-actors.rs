//! Lambda function `list-notification-actors`: `GET /v1/notifications/{notification_id}/actors`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::list_notification_actors).await
}
