//! Lambda function `remove-post`: `POST /v1/posts/{post_id}/removal`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::remove_post).await
}
