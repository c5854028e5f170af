//! Lambda function `mark-conversation-read`: `POST /v1/conversations/{conversation_id}/read`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::MARK_CONVERSATION_READ)
}
