//! Moderation on the table: pins and locks, each written with its mod-log
//! entry and event; the mod log read newest first.

use crate::communities::keys;
use crate::communities::store::ModLogEntry;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::n;
use crate::platform::store::ops::check_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use aws_sdk_dynamodb::types::AttributeValue;

impl Store {
    /// Pins a community post, at most `max` at a time, logged. False if
    /// already pinned or the pins are full (see the community's `pinned`).
    pub async fn pin(
        &self,
        community_id: &str,
        post_id: &str,
        max: usize,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![
            update_op(
                &self.table,
                keys::community(community_id),
                "SET pinned = list_append(if_not_exists(pinned, :empty), :post)",
                "attribute_exists(PK) AND (attribute_not_exists(pinned) OR (size(pinned) < :max AND NOT contains(pinned, :id)))",
                Item::from([
                    (":empty".into(), AttributeValue::L(vec![])),
                    (":post".into(), AttributeValue::L(vec![s(post_id)])),
                    (":id".into(), s(post_id)),
                    (":max".into(), n(max)),
                ]),
            )?,
            check_op(&self.table, crate::posts::keys::post(post_id), EXISTS)?,
        ];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Unpins the post at `index` of the community's pins, logged; false if
    /// the pins changed meanwhile.
    pub async fn unpin(
        &self,
        community_id: &str,
        post_id: &str,
        index: usize,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![update_op(
            &self.table,
            keys::community(community_id),
            &format!("REMOVE pinned[{index}]"),
            &format!("pinned[{index}] = :id"),
            Item::from([(":id".into(), s(post_id))]),
        )?];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Locks or unlocks a community post's thread, logged.
    pub async fn set_locked(
        &self,
        post_id: &str,
        locked: bool,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let op = if locked {
            update_op(
                &self.table,
                crate::posts::keys::post(post_id),
                "SET locked = :yes",
                EXISTS,
                Item::from([(":yes".into(), AttributeValue::Bool(true))]),
            )?
        } else {
            update_op(
                &self.table,
                crate::posts::keys::post(post_id),
                "REMOVE locked",
                EXISTS,
                Item::new(),
            )?
        };
        let mut ops = vec![op];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// A community's mod log, newest first.
    pub async fn mod_log_page(
        &self,
        community_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<ModLogEntry>, Option<Position>)> {
        self.query_page(None, "PK", keys::mod_log_pk(community_id), limit, after)
            .await
    }
}
