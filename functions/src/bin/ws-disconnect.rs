//! Lambda function `ws-disconnect`: WebSocket `$disconnect`: forgets the connection.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_DISCONNECT)
}
