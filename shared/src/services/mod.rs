//! Use cases: domain rules combined with the store and adapters.

pub mod accounts;
pub mod bookmarks;
pub mod comments;
pub mod communities;
pub mod feeds;
pub mod graph;
pub mod media;
pub mod posts;
pub mod profiles;
pub mod reactions;
pub mod reports;
pub mod votes;

use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// How often an optimistic write is retried after losing a race.
const RACE_ATTEMPTS: u32 = 8;

/// Waits a little, more after each lost race, jittered so that racing
/// requests spread out instead of colliding again.
async fn back_off(attempt: u32) {
    let jitter = u64::from(now().nanosecond() % 1000) * (5 << attempt.min(5)) / 1000;
    tokio::time::sleep(std::time::Duration::from_millis(jitter)).await;
}

fn now_ms() -> i64 {
    (now().unix_timestamp_nanos() / 1_000_000) as i64
}
