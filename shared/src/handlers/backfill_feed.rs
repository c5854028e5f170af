//! `backfill-feed`: EventBridge `user.followed` -> the followee's recent posts
//! in the follower's feed. Idempotent: feed keys are deterministic.

use crate::context::App;
use crate::error::{Error, Result};
use crate::services::feeds::{self, FollowedEvent};
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let data: FollowedEvent = serde_json::from_value(event["detail"]["data"].clone())
        .map_err(|e| Error::BadRequest(format!("not a user.followed event: {e}")))?;
    feeds::backfill(app, &data).await?;
    Ok(Value::Null)
}
