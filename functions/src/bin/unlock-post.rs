//! Lambda function `unlock-post`: `DELETE /v1/posts/{post_id}/lock`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::UNLOCK_POST)
}
