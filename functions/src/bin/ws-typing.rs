//! Lambda function `ws-typing`: WebSocket `typing`: fanned out to the conversation's other members.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::WS_TYPING)
}
