//! Lambda function `get-conversation`: `GET /v1/conversations/{conversation_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::get_conversation).await
}
