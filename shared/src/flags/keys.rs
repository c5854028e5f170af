//! Where flags items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

/// Every flag is in one partition: there are few, and an evaluation reads
/// them all with one Query.
pub const FLAGS_PK: &str = "FLAGS";

pub fn flag(flag_key: &str) -> Item {
    key(FLAGS_PK.into(), &format!("FLAG#{flag_key}"))
}

/// A flag's audit trail, newest first.
pub fn audit_pk(flag_key: &str) -> String {
    format!("FLAG#{flag_key}")
}

pub fn audit(flag_key: &str, at_ms: i64, id: &str) -> Item {
    key(audit_pk(flag_key), &format!("AUDIT#{at_ms:013}#{id}"))
}

/// The experiments an account was exposed to (one item per account, in its
/// partition, so erasing the account erases it).
pub fn exposures(user_id: &str) -> Item {
    key(crate::accounts::keys::user_pk(user_id), "EXPOSURES")
}
