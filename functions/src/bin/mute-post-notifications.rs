//! Lambda function `mute-post-notifications`: `PUT /v1/posts/{post_id}/notification-mute`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::MUTE_POST_NOTIFICATIONS)
}
