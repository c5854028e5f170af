//! Lambda function `decline-conversation`: `POST /v1/conversations/{conversation_id}/decline`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::decline_conversation).await
}
