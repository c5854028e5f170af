//! Lambda function `backfill-feed`: `user.followed` -> the follower's feed.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_event("backfill-feed").await
}
