//! Keys of the platform's own items: outbox, idempotency records, throttles, edit history.

use super::{Item, key};

pub fn throttle(bucket: &str) -> Item {
    key(format!("THROTTLE#{bucket}"), "THROTTLE")
}

/// Earlier versions (of a post or comment) sort after `EDIT#` by edit time.
pub const EDIT_PREFIX: &str = "EDIT#";

/// An edited item's earlier version, in the item's partition `pk`.
pub fn version(pk: String, replaced_ms: i64) -> Item {
    key(pk, &format!("{EDIT_PREFIX}{replaced_ms:013}"))
}

pub fn idempotency(user_id: &str, idempotency_key: &str) -> Item {
    key(
        format!("IDEMPOTENCY#{user_id}#{idempotency_key}"),
        "IDEMPOTENCY",
    )
}

pub fn outbox(event_id: &str) -> Item {
    key(format!("OUTBOX#{event_id}"), "OUTBOX")
}

/// Sort-key attributes that are numbers (scores and ranks), not strings.
pub const NUMERIC_SORT_KEYS: [&str; 6] =
    ["GSI3SK", "GSI4SK", "GSI5SK", "GSI6SK", "GSI7SK", "GSI8SK"];
