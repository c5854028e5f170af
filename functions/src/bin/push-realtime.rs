//! Lambda function `push-realtime`: messaging events -> frames on the members' open WebSocket connections.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::realtime::events::push_realtime).await
}
