//! Lambda function `create-upload`: `POST /v1/media`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::media::api::create_upload).await
}
