//! Lambda function `add-conversation-member`: `POST /v1/conversations/{conversation_id}/members`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::ADD_CONVERSATION_MEMBER)
}
