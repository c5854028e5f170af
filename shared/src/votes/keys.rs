//! Where votes items live in the table: the one place that knows their keys.

use crate::engagement::model::Target;
use crate::platform::store::{Item, key};

/// One account's vote on a target.
pub fn vote(target: &Target, user_id: &str) -> Item {
    key(votes_pk(target), user_id)
}

/// A target's votes.
pub fn votes_pk(target: &Target) -> String {
    format!("VOTES#{}", target.tag())
}
