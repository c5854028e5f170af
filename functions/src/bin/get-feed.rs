//! Lambda function `get-feed`: `GET /v1/feed`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-feed").await
}
