//! Lambda function `push-realtime`: messaging events -> frames on the members' open WebSocket connections.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::PUSH_REALTIME)
}
