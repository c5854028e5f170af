//! Lambda function `delete-post`: `DELETE /v1/posts/{post_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::DELETE_POST)
}
