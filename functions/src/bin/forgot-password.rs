//! Lambda function `forgot-password`: `POST /v1/auth/forgot-password`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::FORGOT_PASSWORD)
}
