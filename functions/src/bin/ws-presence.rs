//! Lambda function `ws-presence`: WebSocket `presence`: watched accounts' presence.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::presence).await
}
