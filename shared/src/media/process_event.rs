//! `process-media`: S3 Object Created (through EventBridge) -> the upload's
//! variants and a ready or rejected media record. Idempotent: a claimed or
//! finished media item is left alone.

use crate::media::service as media;
use crate::media::service::ObjectCreated;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let created: ObjectCreated = serde_json::from_value(event["detail"].clone())
        .map_err(|e| Error::BadRequest(format!("not an S3 Object Created event: {e}")))?;
    media::process(app, &created).await?;
    Ok(Value::Null)
}
