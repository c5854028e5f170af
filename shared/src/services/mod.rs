//! Use cases: domain rules combined with the store and adapters.

pub mod accounts;
pub mod comments;
pub mod feeds;
pub mod graph;
pub mod posts;
pub mod profiles;

use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn now_ms() -> i64 {
    (now().unix_timestamp_nanos() / 1_000_000) as i64
}
