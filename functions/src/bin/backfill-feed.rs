//! Lambda function `backfill-feed`: `user.followed` -> the follower's feed.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::BACKFILL_FEED)
}
