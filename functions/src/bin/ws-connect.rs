//! Lambda function `ws-connect`: WebSocket `$connect`: authenticates and records the connection.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_CONNECT)
}
