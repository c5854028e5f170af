//! Lambda function `get-media`: `GET /v1/media/{media_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-media").await
}
