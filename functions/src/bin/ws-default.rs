//! Lambda function `ws-default`: WebSocket `$default`: an error frame for an unknown action.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::socket::default).await
}
