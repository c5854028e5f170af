//! Lambda function `ws-default`: WebSocket `$default`: an error frame for an unknown action.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_DEFAULT)
}
