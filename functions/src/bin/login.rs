//! Lambda function `login`: `POST /v1/auth/login`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::login).await
}
