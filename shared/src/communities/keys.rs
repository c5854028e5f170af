//! Where communities items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

pub fn community_pk(community_id: &str) -> String {
    format!("COMMUNITY#{community_id}")
}

pub fn community(community_id: &str) -> Item {
    key(community_pk(community_id), "COMMUNITY")
}

/// Guard item that makes a community name unique (lowercase key).
pub fn community_name(name_key: &str) -> Item {
    key(format!("COMMUNITYNAME#{name_key}"), "COMMUNITYNAME")
}

pub const MEMBER_PREFIX: &str = "MEMBER#";

pub fn membership(community_id: &str, user_id: &str) -> Item {
    key(
        community_pk(community_id),
        &format!("{MEMBER_PREFIX}{user_id}"),
    )
}

pub fn join_request(community_id: &str, user_id: &str) -> Item {
    key(community_pk(community_id), &format!("JOINREQ#{user_id}"))
}

pub const BAN_PREFIX: &str = "BAN#";

pub fn ban(community_id: &str, user_id: &str) -> Item {
    key(
        community_pk(community_id),
        &format!("{BAN_PREFIX}{user_id}"),
    )
}

/// A community's lists on GSI1 (members, join requests, bans), newest first.
pub fn community_list(list: &str, community_id: &str) -> String {
    format!("{list}#{community_id}")
}

/// The communities an account belongs to (GSI2), newest first.
pub fn memberships_pk(user_id: &str) -> String {
    format!("MEMBERSHIPS#{user_id}")
}

pub fn mod_log_entry(community_id: &str, entry_id: &str) -> Item {
    key(mod_log_pk(community_id), entry_id)
}

pub fn mod_log_pk(community_id: &str) -> String {
    format!("MODLOG#{community_id}")
}
