//! Lambda function `logout`: `POST /v1/auth/logout`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::LOGOUT)
}
