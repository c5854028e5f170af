//! Where accounts items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

pub const PROFILE_SK: &str = "PROFILE";

pub fn user(user_id: &str) -> Item {
    key(user_pk(user_id), PROFILE_SK)
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

pub fn one_time_token(digest: &str) -> Item {
    key(format!("TOKEN#{digest}"), "TOKEN")
}
