//! Domain events: what happened, for whoever reacts to it. Written to the
//! outbox in the same transaction as the change they describe.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The EventBridge `source` of every Kith event.
pub const SOURCE: &str = "kith";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// ULID; consumers deduplicate on it.
    pub id: String,
    /// EventBridge `detail-type`, e.g. `post.created`.
    pub detail_type: String,
    pub version: u32,
    pub detail: Value,
    /// Epoch seconds.
    pub occurred_at: i64,
}

impl Event {
    pub fn new(detail_type: &str, detail: Value, occurred_at: i64) -> Self {
        Self {
            id: ulid::Ulid::generate().to_string(),
            detail_type: detail_type.to_owned(),
            version: 1,
            detail,
            occurred_at,
        }
    }
}
