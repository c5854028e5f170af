//! Lambda function `list-messages`: `GET /v1/conversations/{conversation_id}/messages`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::LIST_MESSAGES)
}
