//! Lambda function `unrepost-post`: `DELETE /v1/posts/{post_id}/repost`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::UNREPOST_POST)
}
