//! Where engagement items live in the table: the one place that knows their keys.

use crate::accounts::keys::user_pk;
use crate::comments::keys::comment;
use crate::engagement::model::Target;
use crate::platform::store::{Item, key};
use crate::posts::keys::post;

/// Where a reaction's target lives.
pub fn target(target: &Target) -> Item {
    match target {
        Target::Post(id) => post(id),
        Target::Comment(id) => comment(id),
    }
}

/// One account's reaction to a target.
pub fn reaction(target: &Target, user_id: &str) -> Item {
    key(reactions_pk(target), user_id)
}

/// A target's reactions (newest first on GSI1).
pub fn reactions_pk(target: &Target) -> String {
    format!("REACTIONS#{}", target.tag())
}

pub fn bookmark(user_id: &str, post_id: &str) -> Item {
    key(user_pk(user_id), &format!("BOOKMARK#{post_id}"))
}

/// An account's bookmarks (newest first on GSI1).
pub fn bookmarks_pk(user_id: &str) -> String {
    format!("BOOKMARKS#{user_id}")
}

/// Who bookmarked a post (GSI2), for erasing a deleted post's bookmarks.
pub fn bookmarked_pk(post_id: &str) -> String {
    format!("BOOKMARKED#{post_id}")
}
