//! Lambda function `unbookmark-post`: `DELETE /v1/posts/{post_id}/bookmark`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::UNBOOKMARK_POST)
}
