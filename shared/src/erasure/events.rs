//! Erasure's event handler.

use crate::erasure::service::{erase_account, erase_post};
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::events::{Event, typed};
use serde_json::Value;

/// `erase-deleted`: `user.deleted` -> the account's leftovers erased;
/// `post.deleted` -> the post's comments, reactions, votes and bookmarks.
pub async fn erase_deleted(app: &'static App, event: Value) -> Result<Value> {
    match typed(event)? {
        Some(Event::UserDeleted(user)) => erase_account(app, &user.user_id).await?,
        Some(Event::PostDeleted(post)) => erase_post(app, &post.post_id).await?,
        Some(other) => tracing::warn!(event = ?other, "erase-deleted ignores this event"),
        None => {}
    }
    Ok(Value::Null)
}
