//! Lambda function `create-conversation`: `POST /v1/conversations`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::create_conversation).await
}
