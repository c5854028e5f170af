//! Lambda function `unbookmark-post`: `DELETE /v1/posts/{post_id}/bookmark`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::unbookmark_post).await
}
