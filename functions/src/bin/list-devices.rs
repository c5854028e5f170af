//! Lambda function `list-devices`: `GET /v1/me/devices`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::list_devices).await
}
