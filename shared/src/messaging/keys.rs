//! Where messaging items live in the table: the one place that knows their keys.

use crate::accounts::keys::user_pk;
use crate::messaging::model::{Membership, Status};
use crate::platform::store::{Item, key, s};

pub fn conversation_pk(id: &str) -> String {
    format!("CONVO#{id}")
}

pub fn conversation(id: &str) -> Item {
    key(conversation_pk(id), "META")
}

pub const MEMBER_PREFIX: &str = "MEMBER#";

pub fn member(conversation_id: &str, user_id: &str) -> Item {
    key(
        conversation_pk(conversation_id),
        &format!("{MEMBER_PREFIX}{user_id}"),
    )
}

/// The one direct conversation of a pair (ids in order), as a guard item.
pub fn direct(a: &str, b: &str) -> Item {
    key(format!("DIRECT#{a}#{b}"), "DIRECT")
}

/// A conversation's messages sort by id (a ULID: by time).
pub fn messages_pk(conversation_id: &str) -> String {
    format!("MSGS#{conversation_id}")
}

pub fn message(conversation_id: &str, message_id: &str) -> Item {
    key(messages_pk(conversation_id), message_id)
}

pub fn settings(user_id: &str) -> Item {
    key(user_pk(user_id), "MESSAGING")
}

/// A member's inbox or request inbox on GSI1.
pub fn box_pk(status: Status, user_id: &str) -> Option<String> {
    match status {
        Status::Active => Some(format!("INBOX#{user_id}")),
        Status::Request => Some(format!("REQUESTS#{user_id}")),
        Status::Declined => None,
    }
}

/// Pinned conversations first, then by last activity, newest first.
pub fn box_sk(pinned: bool, last_at: i64, conversation_id: &str) -> String {
    format!("{}#{last_at:013}#{conversation_id}", u8::from(pinned))
}

/// The GSI1 attributes that place a membership in its box (none when declined).
pub fn box_attributes(m: &Membership) -> Item {
    box_pk(m.status, &m.user_id)
        .map(|pk| {
            Item::from([
                ("GSI1PK".into(), s(pk)),
                (
                    "GSI1SK".into(),
                    s(box_sk(m.pinned, m.last_at, &m.conversation_id)),
                ),
            ])
        })
        .unwrap_or_default()
}
