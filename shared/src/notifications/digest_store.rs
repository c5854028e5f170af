//! Pending digests: one item per account with something to tell, listed on
//! GSI1 under the hour it falls due in, so the scheduled sender reads only
//! what is due (no Scan).

use crate::notifications::keys;
use crate::notifications::model::{Group, Settings};
use crate::platform::error::Result;
use crate::platform::store::ops::{delete_op, put_op};
use crate::platform::store::{Item, NOT_EXISTS, Store, decode, encode, n, s};
use serde::{Deserialize, Serialize};

/// Digests fall due in hours.
pub const HOUR_MS: i64 = 3_600_000;

/// A digest to send: what happened since `since` (epoch ms), due at `due`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub user_id: String,
    pub since: i64,
    pub due: i64,
}

impl Store {
    /// My settings and pending digest, in one read (every notice needs both).
    pub async fn notification_settings_and_digest(
        &self,
        user_id: &str,
    ) -> Result<(Settings, Option<Pending>)> {
        let (mut settings, mut pending) = (Settings::default(), None);
        let digest_key = keys::digest(user_id);
        for item in self
            .batch_get(vec![keys::settings(user_id), digest_key.clone()])
            .await?
        {
            if item.get("SK") == digest_key.get("SK") {
                pending = Some(decode(item)?);
            } else {
                settings = decode(item)?;
            }
        }
        Ok((settings, pending))
    }

    pub async fn pending_digest(&self, user_id: &str) -> Result<Option<Pending>> {
        self.get(keys::digest(user_id)).await
    }

    /// Puts my pending digest (keeping one already there, unless `replace`).
    pub async fn schedule_digest(&self, pending: &Pending, replace: bool) -> Result<()> {
        let mut item = encode(keys::digest(&pending.user_id), pending)?;
        item.insert(
            "GSI1PK".into(),
            s(keys::digest_pk(pending.due.div_euclid(HOUR_MS))),
        );
        item.insert("GSI1SK".into(), s(&pending.user_id));
        let condition = (!replace).then_some(NOT_EXISTS);
        self.transact(vec![put_op(&self.table, item, condition)?])
            .await?
            .ok();
        Ok(())
    }

    pub async fn cancel_digest(&self, user_id: &str) -> Result<()> {
        let op = delete_op(&self.table, keys::digest(user_id), None, None)?;
        self.transact(vec![op]).await?.ok();
        Ok(())
    }

    /// The digests due in `hour` (since the epoch).
    pub async fn digests_in(&self, hour: i64) -> Result<Vec<Pending>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(":pk", s(keys::digest_pk(hour)));
        self.query_all(query)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Takes a pending digest for sending: false if another run took it, or
    /// it was rescheduled meanwhile.
    pub async fn claim_digest(&self, pending: &Pending) -> Result<bool> {
        let values = Item::from([(":due".into(), n(pending.due))]);
        let op = delete_op(
            &self.table,
            keys::digest(&pending.user_id),
            Some("due = :due"),
            Some(values),
        )?;
        Ok(self.transact(vec![op]).await?.is_ok())
    }

    /// My listed groups with activity since `since`, latest first (at most `limit`).
    pub async fn groups_since(&self, user_id: &str, since: i64, limit: i32) -> Result<Vec<Group>> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk AND GSI1SK >= :since")
            .expression_attribute_values(":pk", s(keys::list_pk(user_id, false)))
            .expression_attribute_values(":since", s(format!("{since:013}")))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(crate::platform::store::db("Query"))?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(decode)
            .collect()
    }
}
