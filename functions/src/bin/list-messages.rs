//! Lambda function `list-messages`: `GET /v1/conversations/{conversation_id}/messages`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::list_messages).await
}
