//! Lambda function `edit-comment`: `PATCH /v1/comments/{comment_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::comments::api::edit_comment).await
}
