//! Lambda function `login`: `POST /v1/auth/login`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::LOGIN)
}
