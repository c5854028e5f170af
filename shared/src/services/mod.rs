//! Use cases: domain rules combined with the store and adapters.

pub mod accounts;
pub mod feeds;
pub mod graph;
pub mod posts;
pub mod profiles;

use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
