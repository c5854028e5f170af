//! Where connections live in the table.

use crate::platform::store::{Item, key, s};

pub fn connection(connection_id: &str) -> Item {
    key(format!("CONN#{connection_id}"), "CONN")
}

/// An account's open connections, on GSI1.
pub fn sockets_pk(user_id: &str) -> String {
    format!("SOCKETS#{user_id}")
}

pub fn connection_index(user_id: &str, connection_id: &str) -> Item {
    Item::from([
        ("GSI1PK".into(), s(sockets_pk(user_id))),
        ("GSI1SK".into(), s(connection_id)),
    ])
}

/// Who watches an account's presence: one item per watching connection.
pub fn watchers_pk(user_id: &str) -> String {
    format!("WATCHERS#{user_id}")
}

pub fn watcher(user_id: &str, connection_id: &str) -> Item {
    key(watchers_pk(user_id), connection_id)
}
