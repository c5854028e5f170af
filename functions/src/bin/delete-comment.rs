//! Lambda function `delete-comment`: `DELETE /v1/comments/{comment_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("delete-comment").await
}
