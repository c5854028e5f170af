//! Lambda function `edit-post`: `PATCH /v1/posts/{post_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::EDIT_POST)
}
