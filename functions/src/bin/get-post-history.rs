//! Lambda function `get-post-history`: `GET /v1/posts/{post_id}/history`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-post-history").await
}
