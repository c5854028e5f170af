//! Lambda function `register-device`: `POST /v1/me/devices`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::register_device).await
}
