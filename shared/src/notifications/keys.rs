//! Where notification items live in the table: under the recipient's
//! account partition (so erasing the account erases them), listed on GSI1.

use crate::accounts::keys::user_pk;
use crate::platform::store::{Item, key};

pub fn group(user_id: &str, group_id: &str) -> Item {
    key(user_pk(user_id), &format!("NOTIF#G#{group_id}"))
}

/// The occurrences of a group, one per actor.
pub fn entries_prefix(group_id: &str) -> String {
    format!("NOTIF#E#{group_id}#")
}

pub fn entry(user_id: &str, group_id: &str, actor_id: &str) -> Item {
    key(
        user_pk(user_id),
        &format!("{}{actor_id}", entries_prefix(group_id)),
    )
}

/// Read state ("all read before").
pub fn state(user_id: &str) -> Item {
    key(user_pk(user_id), "NOTIF#STATE")
}

/// My notification settings: policy, preferences, quiet hours.
pub fn settings(user_id: &str) -> Item {
    key(user_pk(user_id), "NOTIF#SETTINGS")
}

/// "Stop notifying me about this post" (or only strangers' reactions).
pub fn mute(user_id: &str, post_id: &str) -> Item {
    key(user_pk(user_id), &format!("NOTIF#MUTE#{post_id}"))
}

/// Groups on GSI1: my notifications, or the requests my policy holds.
pub fn list_pk(user_id: &str, filtered: bool) -> String {
    if filtered {
        format!("NOTIFREQS#{user_id}")
    } else {
        format!("NOTIFS#{user_id}")
    }
}

/// Newest activity first.
pub fn list_sk(latest_at: i64, group_id: &str) -> String {
    format!("{latest_at:013}#{group_id}")
}

/// Every occurrence on GSI1, for the flat list.
pub fn flat_pk(user_id: &str) -> String {
    format!("NOTIFFLAT#{user_id}")
}

pub fn flat_sk(at: i64, event_id: &str) -> String {
    format!("{at:013}#{event_id}")
}

/// My devices, each under its id.
pub const DEVICE_PREFIX: &str = "NOTIF#DEVICE#";

pub fn device(user_id: &str, device_id: &str) -> Item {
    key(user_pk(user_id), &format!("{DEVICE_PREFIX}{device_id}"))
}

/// Which account an endpoint belongs to: a token that moves to another
/// account (a shared phone) leaves the previous one.
pub fn endpoint_owner(device_id: &str) -> Item {
    key(format!("ENDPOINT#{device_id}"), "ENDPOINT")
}

/// Pushes held by my quiet hours, counted until they end.
pub fn held(user_id: &str) -> Item {
    key(user_pk(user_id), "NOTIF#HELD")
}

/// Held pushes on GSI1 by the quarter hour they are due in.
pub fn held_pk(slot: i64) -> String {
    format!("PUSHHELD#{slot}")
}

/// My digest, pending from my first notification after the last one.
pub fn digest(user_id: &str) -> Item {
    key(user_pk(user_id), "NOTIF#DIGEST")
}

/// Pending digests on GSI1 by the hour they are due in.
pub fn digest_pk(hour: i64) -> String {
    format!("DIGEST#{hour}")
}
