//! Lambda function `unsubscribe-notifications`: `POST /v1/notifications/unsubscribe`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::unsubscribe_notifications).await
}
