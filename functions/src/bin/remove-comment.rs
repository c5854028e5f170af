//! Lambda function `remove-comment`: `POST /v1/comments/{comment_id}/removal`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::remove_comment).await
}
