//! Where comments items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

pub fn comment_pk(comment_id: &str) -> String {
    format!("COMMENT#{comment_id}")
}

pub fn comment(comment_id: &str) -> Item {
    key(comment_pk(comment_id), "COMMENT")
}

/// A post's comments in thread order (GSI1, sorted by path).
pub fn thread_pk(post_id: &str) -> String {
    format!("THREAD#{post_id}")
}
