//! Lambda function `list-conversations`: `GET /v1/conversations`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::list_conversations).await
}
