//! Lambda function `erase-deleted`: `user.deleted` / `post.deleted` -> what they left behind, erased.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::erasure::events::erase_deleted).await
}
