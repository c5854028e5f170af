//! Lambda function `get-me`: `GET /v1/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::profiles::api::get_me).await
}
