//! Lambda function `reset-password`: `POST /v1/auth/reset-password`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::reset_password).await
}
