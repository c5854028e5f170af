//! Lambda function `update-my-conversation`: `PATCH /v1/conversations/{conversation_id}/me`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::UPDATE_MY_CONVERSATION)
}
