//! The transactional outbox: an event item written in the same transaction as
//! the change it reports. The table stream carries it to `publish-events`.

use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::keys;
use crate::platform::store::n;
use crate::platform::store::ops::put_op;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

/// Outbox items only need to live until the stream has delivered them.
pub const OUTBOX_TTL_SECS: i64 = 24 * 3600;

/// The stored form: `detail` as JSON text, exactly what EventBridge receives.
#[derive(Serialize, Deserialize)]
struct OutboxItem {
    id: String,
    detail_type: String,
    version: u32,
    detail: String,
    occurred_at: i64,
}

impl Store {
    pub(crate) fn outbox_op(&self, event: &Envelope) -> Result<TransactWriteItem> {
        let stored = OutboxItem {
            id: event.id.clone(),
            detail_type: event.detail_type.clone(),
            version: event.version,
            detail: event.detail.to_string(),
            occurred_at: event.occurred_at,
        };
        let mut item = encode(keys::outbox(&event.id), &stored)?;
        item.insert("expires_at".into(), n(event.occurred_at + OUTBOX_TTL_SECS));
        put_op(&self.table, item, Some("attribute_not_exists(PK)"))
    }
}

/// The event in a stream record's new image, if the record is an outbox insert.
pub fn event_from_image(image: serde_dynamo::Item) -> Result<Option<Envelope>> {
    #[derive(Deserialize)]
    struct Key {
        #[serde(rename = "PK")]
        pk: String,
    }
    let key: Key =
        serde_dynamo::from_item(image.clone()).map_err(|e| Error::internal("stream image", e))?;
    if !key.pk.starts_with("OUTBOX#") {
        return Ok(None);
    }
    let stored: OutboxItem =
        serde_dynamo::from_item(image).map_err(|e| Error::internal("outbox item", e))?;
    let detail =
        serde_json::from_str(&stored.detail).map_err(|e| Error::internal("outbox detail", e))?;
    Ok(Some(Envelope {
        id: stored.id,
        detail_type: stored.detail_type,
        version: stored.version,
        detail,
        occurred_at: stored.occurred_at,
    }))
}
