//! `rank-post`: EventBridge `vote.cast` -> the post's hot and controversial
//! ranks, recomputed from its current counts. Idempotent: a redelivered or
//! late event recomputes the same values.

use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::votes::service as votes;
use crate::votes::service::VoteEvent;
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let data: VoteEvent = serde_json::from_value(event["detail"]["data"].clone())
        .map_err(|e| Error::BadRequest(format!("not a vote.cast event: {e}")))?;
    votes::rank(app, &data).await?;
    Ok(Value::Null)
}
