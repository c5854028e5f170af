//! Lambda function `remove-comment-reaction`: `DELETE /v1/comments/{comment_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::remove_comment_reaction).await
}
