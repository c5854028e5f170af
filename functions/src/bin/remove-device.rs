//! Lambda function `remove-device`: `DELETE /v1/me/devices/{device_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::remove_device).await
}
