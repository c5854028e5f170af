//! Lambda function `get-comment-history`: `GET /v1/comments/{comment_id}/history`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-comment-history").await
}
