//! Lambda function `repost-post`: `POST /v1/posts/{post_id}/repost`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::reposts::repost_post).await
}
