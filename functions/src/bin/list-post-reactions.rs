//! Lambda function `list-post-reactions`: `GET /v1/posts/{post_id}/reactions`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::list_post_reactions).await
}
