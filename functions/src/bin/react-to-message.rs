//! Lambda function `react-to-message`: `PUT /v1/conversations/{conversation_id}/messages/{message_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::REACT_TO_MESSAGE)
}
