//! Lambda function `list-comment-reactions`: `GET /v1/comments/{comment_id}/reactions`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-comment-reactions").await
}
