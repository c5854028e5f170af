//! Lambda function `list-blocks`: `GET /v1/me/blocks`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::list_blocks).await
}
