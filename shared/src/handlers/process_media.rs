//! `process-media`: S3 Object Created (through EventBridge) -> the upload's
//! variants and a ready or rejected media record. Idempotent: a claimed or
//! finished media item is left alone.

use crate::context::App;
use crate::error::{Error, Result};
use crate::services::media::{self, ObjectCreated};
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let created: ObjectCreated = serde_json::from_value(event["detail"].clone())
        .map_err(|e| Error::BadRequest(format!("not an S3 Object Created event: {e}")))?;
    media::process(app, &created).await?;
    Ok(Value::Null)
}
