//! Lambda function `unmute-post-notifications`: `DELETE /v1/posts/{post_id}/notification-mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::unmute_post_notifications).await
}
