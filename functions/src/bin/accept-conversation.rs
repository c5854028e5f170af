//! Lambda function `accept-conversation`: `POST /v1/conversations/{conversation_id}/accept`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::accept_conversation).await
}
