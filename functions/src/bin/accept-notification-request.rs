//! Lambda function `accept-notification-request`: `POST /v1/notifications/{notification_id}/accept`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::accept_notification_request).await
}
