//! Lambda function `file-report`: `POST /v1/reports`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::file_report).await
}
