//! Lambda function `verify-email`: `POST /v1/auth/verify-email`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::VERIFY_EMAIL)
}
