//! Lambda function `register`: `POST /v1/auth/register`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::register).await
}
