//! Lambda function `get-feed`: `GET /v1/feed`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::feeds::api::get_feed).await
}
