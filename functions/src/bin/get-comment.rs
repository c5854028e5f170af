//! Lambda function `get-comment`: `GET /v1/comments/{comment_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-comment").await
}
