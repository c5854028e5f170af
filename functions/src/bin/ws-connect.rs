//! Lambda function `ws-connect`: WebSocket `$connect`: authenticates and records the connection.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::connect).await
}
