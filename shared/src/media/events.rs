//! `delete-media`: EventBridge `post.deleted` (its images) and
//! `user.deleted` (all of the account's media) -> the media records and
//! their objects are deleted. Idempotent: what is gone is skipped.

use crate::media::service as media;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct PostDeleted {
    #[serde(default)]
    media: Vec<String>,
}

#[derive(Deserialize)]
struct UserDeleted {
    user_id: String,
}

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let data = event["detail"]["data"].clone();
    let bad = |e: serde_json::Error| Error::BadRequest(format!("not a deletion event: {e}"));
    match event["detail-type"].as_str().unwrap_or_default() {
        "post.deleted" => {
            let deleted: PostDeleted = serde_json::from_value(data).map_err(bad)?;
            media::remove(app, &deleted.media).await?;
        }
        "user.deleted" => {
            let deleted: UserDeleted = serde_json::from_value(data).map_err(bad)?;
            media::remove_all_of(app, &deleted.user_id).await?;
        }
        other => tracing::warn!(detail_type = other, "delete-media ignores this event"),
    }
    Ok(Value::Null)
}
