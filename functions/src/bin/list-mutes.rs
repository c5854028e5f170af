//! Lambda function `list-mutes`: `GET /v1/me/mutes`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-mutes").await
}
