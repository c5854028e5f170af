//! Lambda function `delete-message`: `DELETE /v1/conversations/{conversation_id}/messages/{message_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::DELETE_MESSAGE)
}
