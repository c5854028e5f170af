//! Lambda function `unrepost-post`: `DELETE /v1/posts/{post_id}/repost`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("unrepost-post").await
}
