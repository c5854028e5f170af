//! Lambda function `get-messaging-settings`: `GET /v1/me/messaging`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::GET_MESSAGING_SETTINGS)
}
