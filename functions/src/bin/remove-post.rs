//! Lambda function `remove-post`: `POST /v1/posts/{post_id}/removal`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::REMOVE_POST)
}
