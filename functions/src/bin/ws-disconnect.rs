//! Lambda function `ws-disconnect`: WebSocket `$disconnect`: forgets the connection.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::disconnect).await
}
