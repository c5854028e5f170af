//! Lambda function `update-my-conversation`: `PATCH /v1/conversations/{conversation_id}/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::update_my_conversation).await
}
