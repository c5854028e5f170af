//! Time, and waiting after a lost race.

use time::OffsetDateTime;

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// How often an optimistic write is retried after losing a race.
pub const RACE_ATTEMPTS: u32 = 8;

/// Waits a little, more after each lost race, jittered so that racing
/// requests spread out instead of colliding again.
pub async fn back_off(attempt: u32) {
    let jitter = u64::from(now().nanosecond() % 1000) * (5 << attempt.min(5)) / 1000;
    tokio::time::sleep(std::time::Duration::from_millis(jitter)).await;
}

/// A day in milliseconds (UTC days have no leap seconds in epoch time).
pub const DAY_MS: i64 = 86_400_000;

/// Now, in epoch milliseconds (how the table orders and expires by time).
pub fn now_ms() -> i64 {
    millis(now())
}

/// A time in epoch milliseconds.
pub fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

/// An epoch-milliseconds time as a date-time (the epoch itself if out of range).
pub fn from_millis(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
