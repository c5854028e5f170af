//! Lambda function `update-conversation`: `PATCH /v1/conversations/{conversation_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::UPDATE_CONVERSATION)
}
