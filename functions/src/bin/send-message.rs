//! Lambda function `send-message`: `POST /v1/conversations/{conversation_id}/messages`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::SEND_MESSAGE)
}
