//! Lambda function `ws-typing`: WebSocket `typing`: fanned out to the conversation's other members.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::typing).await
}
