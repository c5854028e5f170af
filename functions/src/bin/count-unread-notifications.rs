//! Lambda function `count-unread-notifications`: `GET /v1/notifications/unread-count`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::count_unread_notifications).await
}
