//! Lambda function `process-media`: S3 Object Created -> media variants.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::media::events::process_media).await
}
