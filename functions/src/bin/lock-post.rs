//! Lambda function `lock-post`: `PUT /v1/posts/{post_id}/lock`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::lock_post).await
}
