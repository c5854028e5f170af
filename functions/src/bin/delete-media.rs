//! Lambda function `delete-media`: `post.deleted` / `user.deleted` -> media objects deleted.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::media::events::delete_media).await
}
