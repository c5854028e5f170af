//! Lambda function `verify-email`: `POST /v1/auth/verify-email`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::verify_email).await
}
