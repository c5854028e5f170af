//! Lambda function `list-mutes`: `GET /v1/me/mutes`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::list_mutes).await
}
