//! Lambda function `mute-post-notifications`: `PUT /v1/posts/{post_id}/notification-mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::notifications::api::mute_post_notifications).await
}
