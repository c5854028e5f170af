//! Lambda function `fanout-post`: `post.created` / `post.deleted` -> home feeds.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::feeds::events::fanout_post).await
}
