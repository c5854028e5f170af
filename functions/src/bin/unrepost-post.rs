//! Lambda function `unrepost-post`: `DELETE /v1/posts/{post_id}/repost`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::reposts::unrepost_post).await
}
