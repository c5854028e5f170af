//! Lambda function `unmute-post-notifications`: `DELETE /v1/posts/{post_id}/notification-mute`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::UNMUTE_POST_NOTIFICATIONS)
}
