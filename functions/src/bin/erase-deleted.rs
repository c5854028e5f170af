//! Lambda function `erase-deleted`: `user.deleted` / `post.deleted` -> what they left behind, erased.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::ERASE_DELETED)
}
