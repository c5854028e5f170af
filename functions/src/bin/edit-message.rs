//! Lambda function `edit-message`: `PATCH /v1/conversations/{conversation_id}/messages/{message_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::EDIT_MESSAGE)
}
