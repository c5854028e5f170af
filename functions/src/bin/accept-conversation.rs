//! Lambda function `accept-conversation`: `POST /v1/conversations/{conversation_id}/accept`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::ACCEPT_CONVERSATION)
}
