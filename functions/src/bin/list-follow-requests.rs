//! Lambda function `list-follow-requests`: `GET /v1/me/follow-requests`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-follow-requests").await
}
