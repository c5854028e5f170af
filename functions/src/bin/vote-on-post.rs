//! Lambda function `vote-on-post`: `PUT /v1/posts/{post_id}/vote`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::votes::api::vote_on_post).await
}
