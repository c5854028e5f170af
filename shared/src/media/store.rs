//! Media records: one item each, moving pending -> processing -> ready |
//! rejected | failed with conditional updates, so a redelivered upload
//! event cannot process the same object twice at once or undo a result.

use crate::media::keys;
use crate::media::model::Attachment;
use crate::media::model::Media;
use crate::media::model::MediaStatus;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::put_if;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use aws_sdk_dynamodb::types::ReturnValue;
use aws_sdk_dynamodb::types::TransactWriteItem;

/// How long a claim on processing holds before another delivery may take over.
pub const PROCESSING_LEASE_MS: i64 = 5 * 60 * 1000;

fn status(value: MediaStatus) -> Result<aws_sdk_dynamodb::types::AttributeValue> {
    serde_dynamo::to_attribute_value(value)
        .map_err(|e| crate::platform::error::Error::internal("encode status", e))
}

/// The record, listed under its owner (GSI1) so an account's media can be found.
fn media_item(media: &Media) -> Result<Item> {
    let mut item = encode(keys::media(&media.id), media)?;
    item.insert("GSI1PK".into(), s(keys::media_of(&media.owner_id)));
    item.insert("GSI1SK".into(), s(&media.id));
    Ok(item)
}

impl Store {
    pub async fn create_media(&self, media: &Media) -> Result<()> {
        let item = media_item(media)?;
        self.transact(vec![put_op(
            &self.table,
            item,
            Some("attribute_not_exists(PK)"),
        )?])
        .await?
        .ok();
        Ok(())
    }

    pub async fn media(&self, id: &str) -> Result<Option<Media>> {
        self.get(keys::media(id)).await
    }

    /// Several media items in one BatchGetItem (those that exist).
    pub async fn media_items(&self, ids: &[&str]) -> Result<Vec<Media>> {
        let keys = ids.iter().map(|id| keys::media(id)).collect();
        self.batch_get(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Takes a media item for processing: pending, failed, or processing
    /// under a lease that ran out. None if it is done or taken.
    pub async fn claim_media(&self, id: &str, now_ms: i64) -> Result<Option<Media>> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::media(id)))
            .update_expression("SET #status = :processing, claimed_at = :now")
            .condition_expression(
                "attribute_exists(PK) AND (#status IN (:pending, :failed) OR (#status = :processing AND claimed_at < :expired))",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":processing", status(MediaStatus::Processing)?)
            .expression_attribute_values(":pending", status(MediaStatus::Pending)?)
            .expression_attribute_values(":failed", status(MediaStatus::Failed)?)
            .expression_attribute_values(":now", n(now_ms))
            .expression_attribute_values(":expired", n(now_ms - PROCESSING_LEASE_MS))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match out {
            Ok(out) => Ok(Some(decode(out.attributes.unwrap_or_default())?)),
            Err(err) if condition_failed(&err) => Ok(None),
            Err(err) => Err(db("UpdateItem")(err)),
        }
    }

    /// An account's media, a page at a time.
    pub async fn media_of(
        &self,
        owner_id: &str,
        after: Option<crate::platform::cursor::Position>,
    ) -> Result<(Vec<Media>, Option<crate::platform::cursor::Position>)> {
        self.query_page(Some("GSI1"), "GSI1PK", keys::media_of(owner_id), 100, after)
            .await
    }

    pub async fn delete_media(&self, id: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(keys::media(id)))
            .send()
            .await
            .map_err(db("DeleteItem"))?;
        Ok(())
    }

    /// Stores the outcome of processing (still claimed), with its event if any.
    pub async fn finish_media(&self, media: &Media, event: Option<&Envelope>) -> Result<bool> {
        let mut ops = vec![put_if(
            &self.table,
            media_item(media)?,
            Some("#status = :processing"),
            Some(Item::from([(
                ":processing".into(),
                status(MediaStatus::Processing)?,
            )])),
        )?];
        if let Some(event) = event {
            ops.push(self.outbox_op(event)?);
        }
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Marks each of a post's images attached to it, if still the author's,
    /// ready and attached nowhere else (inside the post's transaction).
    pub(crate) fn attach_ops(
        &self,
        post_id: &str,
        author_id: &str,
        media: &[Attachment],
    ) -> Result<Vec<TransactWriteItem>> {
        media
            .iter()
            .map(|attachment| {
                update_op(
                    &self.table,
                    keys::media(&attachment.media_id),
                    "SET attached_to = :post",
                    "#status = :ready AND owner_id = :owner AND attribute_not_exists(attached_to)",
                    Item::from([
                        (":post".into(), s(post_id)),
                        (":ready".into(), status(MediaStatus::Ready)?),
                        (":owner".into(), s(author_id)),
                    ]),
                )
            })
            .collect()
    }
}
