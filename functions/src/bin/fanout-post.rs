//! Lambda function `fanout-post`: `post.created` / `post.deleted` -> home feeds.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_event("fanout-post").await
}
