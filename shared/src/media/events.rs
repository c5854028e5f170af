//! Media's event handlers. Both are idempotent: a claimed or finished media
//! item is left alone, and what is gone is skipped.

use crate::media::service::{self as media, ObjectCreated};
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::platform::events::{Event, typed};
use serde_json::Value;

/// `process-media`: S3 Object Created (through EventBridge) -> the upload's
/// variants and a ready or rejected media record.
pub async fn process_media(app: &'static App, event: Value) -> Result<Value> {
    let created: ObjectCreated = serde_json::from_value(event["detail"].clone())
        .map_err(|e| Error::BadRequest(format!("not an S3 Object Created event: {e}")))?;
    media::process(app, &created).await?;
    Ok(Value::Null)
}

/// `delete-media`: `post.deleted` (its images) and `user.deleted` (all of the
/// account's media) -> the media records and their objects are deleted.
pub async fn delete_media(app: &'static App, event: Value) -> Result<Value> {
    match typed(event)? {
        Some(Event::PostDeleted(post)) => media::remove(app, &post.media).await?,
        Some(Event::MessageDeleted(message)) => media::remove(app, &message.media).await?,
        Some(Event::UserDeleted(user)) => media::remove_all_of(app, &user.user_id).await?,
        Some(other) => tracing::warn!(event = ?other, "delete-media ignores this event"),
        None => {}
    }
    Ok(Value::Null)
}
