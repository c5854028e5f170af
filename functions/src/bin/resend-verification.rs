//! Lambda function `resend-verification`: `POST /v1/auth/verify-email/resend`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("resend-verification").await
}
