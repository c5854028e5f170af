//! Lambda function `add-conversation-member`: `POST /v1/conversations/{conversation_id}/members`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::add_conversation_member).await
}
