//! Lambda function `refresh-token`: `POST /v1/auth/refresh`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::refresh).await
}
