//! Lambda function `delete-comment`: `DELETE /v1/comments/{comment_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::comments::api::delete_comment).await
}
