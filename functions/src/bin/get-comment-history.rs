//! Lambda function `get-comment-history`: `GET /v1/comments/{comment_id}/history`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::comments::api::get_comment_history).await
}
