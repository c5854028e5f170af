//! The account aggregate as stored.

use crate::media::model::Attachment;
use crate::platform::ids::UserId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One Kith account. Counts are maintained by the graph and posts features and
/// stay zero until those exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    /// As the user typed it; uniqueness is on the lowercase key.
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub password_hash: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub private: bool,
    #[serde(default)]
    pub followers_count: u64,
    #[serde(default)]
    pub following_count: u64,
    #[serde(default)]
    pub posts_count: u64,
    /// Above the celebrity threshold: followers pull this account's posts
    /// at read time instead of having them pushed. Never unset.
    #[serde(default)]
    pub celebrity: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Attachment>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl User {
    /// A new account with an empty profile and zero counts.
    pub fn new(username: &str, email: &str, password_hash: String, now: OffsetDateTime) -> Self {
        Self {
            id: UserId::generate().into(),
            username: username.to_owned(),
            email: email.to_owned(),
            email_verified: false,
            password_hash,
            display_name: None,
            bio: None,
            website: None,
            location: None,
            private: false,
            followers_count: 0,
            following_count: 0,
            posts_count: 0,
            celebrity: false,
            avatar: None,
            created_at: now,
            updated_at: now,
        }
    }
}
