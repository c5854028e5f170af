//! Lambda function `unpin-post`: `DELETE /v1/communities/{name}/pins/{post_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::UNPIN_POST)
}
