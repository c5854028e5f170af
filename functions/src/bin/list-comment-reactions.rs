//! Lambda function `list-comment-reactions`: `GET /v1/comments/{comment_id}/reactions`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::list_comment_reactions).await
}
