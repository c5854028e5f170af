//! Lambda function `update-conversation`: `PATCH /v1/conversations/{conversation_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::update_conversation).await
}
