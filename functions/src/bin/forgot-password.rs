//! Lambda function `forgot-password`: `POST /v1/auth/forgot-password`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::forgot_password).await
}
