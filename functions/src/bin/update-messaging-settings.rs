//! Lambda function `update-messaging-settings`: `PATCH /v1/me/messaging`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::update_messaging_settings).await
}
