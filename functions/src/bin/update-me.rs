//! Lambda function `update-me`: `PATCH /v1/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::profiles::api::update_me).await
}
