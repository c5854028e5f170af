//! `fanout-post`: EventBridge `post.created` / `post.deleted` -> home feeds.
//! Idempotent: feed keys are deterministic, so a redelivered event rewrites
//! (or re-deletes) the same items.

use crate::context::App;
use crate::error::{Error, Result};
use crate::services::feeds::{self, PostEvent};
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let detail_type = event["detail-type"].as_str().unwrap_or_default().to_owned();
    let data: PostEvent = serde_json::from_value(event["detail"]["data"].clone())
        .map_err(|e| Error::BadRequest(format!("not a post event: {e}")))?;
    match detail_type.as_str() {
        "post.created" => feeds::fan_out(app, &data).await?,
        "post.deleted" => feeds::retract(app, &data).await?,
        other => tracing::warn!(detail_type = other, "fanout-post ignores this event"),
    }
    Ok(Value::Null)
}
