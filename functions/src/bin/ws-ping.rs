//! Lambda function `ws-ping`: WebSocket `ping`: answered with `pong`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::ping).await
}
