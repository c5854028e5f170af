//! Lambda function `logout`: `POST /v1/auth/logout`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::api::logout).await
}
