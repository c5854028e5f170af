//! Lambda function `remove-message-reaction`: `DELETE /v1/conversations/{conversation_id}/messages/{message_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::remove_message_reaction).await
}
