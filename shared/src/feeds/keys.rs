//! Where feeds items live in the table: the one place that knows their keys.

use crate::accounts::keys::user_pk;
use crate::platform::store::{Item, key};
use crate::posts::keys::post_pk;

/// A home-feed entry: newest first because post ids are ULIDs.
pub fn feed_entry(user_id: &str, post_id: &str) -> Item {
    key(feed_pk(user_id), post_id)
}

pub fn feed_pk(user_id: &str) -> String {
    format!("FEED#{user_id}")
}

pub const PULLED_SK: &str = "PULLED";

/// The set of followed celebrities whose posts a reader pulls at read time.
pub fn pulled_authors(user_id: &str) -> Item {
    key(user_pk(user_id), PULLED_SK)
}

pub const RECENT_SK: &str = "RECENT";

/// A celebrity's newest posts, denormalised for pulling.
pub fn recent_posts(author_id: &str) -> Item {
    key(user_pk(author_id), RECENT_SK)
}

/// Marks that a post's interaction with an account was counted.
pub fn interaction(post_id: &str, account_id: &str) -> Item {
    key(post_pk(post_id), &format!("INTERACTION#{account_id}"))
}
