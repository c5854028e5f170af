//! Where analytics items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

/// A post's counters for one UTC day, in the post's partition (so deleting
/// the post deletes them).
pub fn post_day(post_id: &str, day: &str) -> Item {
    key(
        crate::posts::keys::post_pk(post_id),
        &format!("{DAY_PREFIX}{day}"),
    )
}

/// An author's totals over all their posts for one UTC day, in the
/// account's partition (erased with it).
pub fn account_day(user_id: &str, day: &str) -> Item {
    key(
        crate::accounts::keys::user_pk(user_id),
        &format!("{DAY_PREFIX}{day}"),
    )
}

pub const DAY_PREFIX: &str = "STATS#";

/// The posts a viewer was counted for on a day (expires after it).
pub fn seen(viewer_id: &str, day: &str) -> Item {
    key(format!("SEEN#{viewer_id}#{day}"), "SEEN")
}
