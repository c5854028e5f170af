//! Where media items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

pub fn media(media_id: &str) -> Item {
    key(format!("MEDIA#{media_id}"), "MEDIA")
}

/// An account's media (GSI1).
pub fn media_of(owner_id: &str) -> String {
    format!("MEDIAOF#{owner_id}")
}
