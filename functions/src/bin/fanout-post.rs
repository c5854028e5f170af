//! Lambda function `fanout-post`: `post.created` / `post.deleted` -> home feeds.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::runtime::serve_event("fanout-post").await
}
