//! `fanout-post`: EventBridge `post.created` / `post.edited` / `post.deleted`
//! -> home feeds (pushed entries, or a celebrity's recent-posts item).
//! Idempotent: feed keys are deterministic, so a redelivered event rewrites
//! (or re-deletes) the same items, and a rebuild reads the current posts.

use crate::feeds::service as feeds;
use crate::feeds::service::PostChange;
use crate::feeds::service::PostEvent;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let data: PostEvent = serde_json::from_value(event["detail"]["data"].clone())
        .map_err(|e| Error::BadRequest(format!("not a post event: {e}")))?;
    let change = match event["detail-type"].as_str().unwrap_or_default() {
        "post.created" => PostChange::Created,
        "post.edited" => PostChange::Edited,
        "post.deleted" => PostChange::Deleted,
        other => {
            tracing::warn!(detail_type = other, "fanout-post ignores this event");
            return Ok(Value::Null);
        }
    };
    feeds::on_post(app, change, &data).await?;
    Ok(Value::Null)
}
