//! Lambda function `register`: `POST /v1/auth/register`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::REGISTER)
}
