//! Lambda function `remove-conversation-member`: `DELETE /v1/conversations/{conversation_id}/members/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::REMOVE_CONVERSATION_MEMBER)
}
