//! Lambda function `vote-on-comment`: `PUT /v1/comments/{comment_id}/vote`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::votes::api::vote_on_comment).await
}
