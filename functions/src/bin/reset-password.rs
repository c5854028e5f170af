//! Lambda function `reset-password`: `POST /v1/auth/reset-password`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::RESET_PASSWORD)
}
