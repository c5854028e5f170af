//! Keys of the platform's own items: outbox, idempotency records, throttles,
//! edit history, and the index of what each account wrote.

use super::{Item, key, s};

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

/// What an account wrote in places that are not its own (posts, comments,
/// reactions, votes), on GSI2, so erasing the account finds all of it.
pub fn owned_pk(user_id: &str) -> String {
    format!("OWNED#{user_id}")
}

/// Lists `item` under the account `user_id` that wrote it, as `what`
/// (`POST#<id>`, `COMMENT#<id>`, `REACTION#<target>`, `VOTE#<target>`).
pub fn owned_by(mut item: Item, user_id: &str, what: String) -> Item {
    item.insert("GSI2PK".into(), s(owned_pk(user_id)));
    item.insert("GSI2SK".into(), s(what));
    item
}
