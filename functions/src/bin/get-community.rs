//! Lambda function `get-community`: `GET /v1/communities/{name}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-community").await
}
