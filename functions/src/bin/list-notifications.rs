//! Lambda function `list-notifications`: `GET /v1/notifications`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::list_notifications).await
}
