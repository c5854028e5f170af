//! Lambda function `decline-conversation`: `POST /v1/conversations/{conversation_id}/decline`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::DECLINE_CONVERSATION)
}
