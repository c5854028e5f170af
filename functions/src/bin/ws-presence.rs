//! Lambda function `ws-presence`: WebSocket `presence`: watched accounts' presence.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_PRESENCE)
}
