//! Lambda function `react-to-message`: `PUT /v1/conversations/{conversation_id}/messages/{message_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::react_to_message).await
}
