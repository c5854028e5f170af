//! Lambda function `lock-post`: `PUT /v1/posts/{post_id}/lock`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::LOCK_POST)
}
