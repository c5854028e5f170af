//! Lambda function `refresh-token`: `POST /v1/auth/refresh`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::REFRESH_TOKEN)
}
