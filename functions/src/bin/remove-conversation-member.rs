//! Lambda function `remove-conversation-member`: `DELETE /v1/conversations/{conversation_id}/members/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::remove_conversation_member).await
}
