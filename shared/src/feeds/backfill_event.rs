//! `backfill-feed`: EventBridge `user.followed` / `user.unfollowed` /
//! `user.blocked` -> the follower's feed follows the graph: recent posts
//! backfilled or the celebrity pulled on a follow, the pull dropped on an
//! unfollow or block. Idempotent: feed keys are deterministic and set
//! updates add or remove one member.

use crate::feeds::service as feeds;
use crate::feeds::service::GraphEvent;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let data: GraphEvent = serde_json::from_value(event["detail"]["data"].clone())
        .map_err(|e| Error::BadRequest(format!("not a graph event: {e}")))?;
    match event["detail-type"].as_str().unwrap_or_default() {
        "user.followed" => feeds::on_followed(app, &data).await?,
        "user.unfollowed" => feeds::on_unfollowed(app, &data, false).await?,
        "user.blocked" => feeds::on_unfollowed(app, &data, true).await?,
        other => tracing::warn!(detail_type = other, "backfill-feed ignores this event"),
    }
    Ok(Value::Null)
}
