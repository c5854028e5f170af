//! Lambda function `get-messaging-settings`: `GET /v1/me/messaging`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::get_messaging_settings).await
}
