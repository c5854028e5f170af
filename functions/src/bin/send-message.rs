//! Lambda function `send-message`: `POST /v1/conversations/{conversation_id}/messages`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::send_message).await
}
