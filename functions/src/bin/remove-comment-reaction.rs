//! Lambda function `remove-comment-reaction`: `DELETE /v1/comments/{comment_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("remove-comment-reaction").await
}
