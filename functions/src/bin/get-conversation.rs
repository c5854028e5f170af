//! Lambda function `get-conversation`: `GET /v1/conversations/{conversation_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::GET_CONVERSATION)
}
