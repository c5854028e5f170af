//! Lambda function `ws-ping`: WebSocket `ping`: answered with `pong`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_PING)
}
