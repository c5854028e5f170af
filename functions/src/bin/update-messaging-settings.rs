//! Lambda function `update-messaging-settings`: `PATCH /v1/me/messaging`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::UPDATE_MESSAGING_SETTINGS)
}
