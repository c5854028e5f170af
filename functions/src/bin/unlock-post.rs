//! Lambda function `unlock-post`: `DELETE /v1/posts/{post_id}/lock`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::unlock_post).await
}
