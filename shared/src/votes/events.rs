//! `rank-post`: `vote.cast` -> the post's hot and controversial ranks,
//! recomputed from its current counts. Idempotent: a redelivered or late
//! event recomputes the same values.

use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::events::{Event, typed};
use crate::votes::service as votes;
use serde_json::Value;

pub async fn rank_post(app: &'static App, event: Value) -> Result<Value> {
    match typed(event)? {
        Some(Event::VoteCast(vote)) => votes::rank(app, &vote).await?,
        Some(other) => tracing::warn!(event = ?other, "rank-post ignores this event"),
        None => {}
    }
    Ok(Value::Null)
}
