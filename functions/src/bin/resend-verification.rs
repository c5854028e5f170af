//! Lambda function `resend-verification`: `POST /v1/auth/verify-email/resend`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::resend_verification).await
}
