//! Lambda function `delete-media`: `post.deleted` / `user.deleted` -> media objects deleted.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::DELETE_MEDIA)
}
