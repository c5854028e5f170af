//! Lambda function `forgot-password`: `POST /v1/auth/forgot-password`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("forgot-password").await
}
