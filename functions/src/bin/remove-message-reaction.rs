//! Lambda function `remove-message-reaction`: `DELETE /v1/conversations/{conversation_id}/messages/{message_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::REMOVE_MESSAGE_REACTION)
}
