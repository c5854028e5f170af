//! Key builders: the one place that knows how items are addressed.

use super::{Item, s};

fn key(pk: String, sk: &str) -> Item {
    Item::from([("PK".into(), s(pk)), ("SK".into(), s(sk))])
}

pub fn user(user_id: &str) -> Item {
    key(format!("USER#{user_id}"), "PROFILE")
}

pub fn user_pk(user_id: &str) -> String {
    format!("USER#{user_id}")
}

pub const SESSION_PREFIX: &str = "SESSION#";

pub fn session(user_id: &str, family_id: &str) -> Item {
    key(user_pk(user_id), &format!("{SESSION_PREFIX}{family_id}"))
}

/// Guard item that makes a username unique (lowercase key).
pub fn username(username_key: &str) -> Item {
    key(format!("USERNAME#{username_key}"), "USERNAME")
}

/// Guard item that makes an email unique (lowercase key).
pub fn email(email_key: &str) -> Item {
    key(format!("EMAIL#{email_key}"), "EMAIL")
}

pub fn refresh(digest: &str) -> Item {
    key(format!("REFRESH#{digest}"), "REFRESH")
}

pub fn one_time_token(digest: &str) -> Item {
    key(format!("TOKEN#{digest}"), "TOKEN")
}

pub fn throttle(bucket: &str) -> Item {
    key(format!("THROTTLE#{bucket}"), "THROTTLE")
}
