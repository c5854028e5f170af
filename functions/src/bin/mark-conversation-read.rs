//! Lambda function `mark-conversation-read`: `POST /v1/conversations/{conversation_id}/read`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::mark_conversation_read).await
}
