//! Lambda function `create-conversation`: `POST /v1/conversations`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::CREATE_CONVERSATION)
}
