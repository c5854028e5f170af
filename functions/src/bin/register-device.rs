//! Lambda function `register-device`: `POST /v1/me/devices`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::REGISTER_DEVICE)
}
