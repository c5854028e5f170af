//! Lambda function `backfill-feed`: `user.followed` -> the follower's feed.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::feeds::events::backfill_feed).await
}
