//! Flags, their audit trail, and each account's exposures. A change is one
//! transaction: the flag, conditional on the rev that was read, and its
//! audit entry. An exposure is recorded once per account and experiment:
//! one conditional write of the account's exposures item with the events.

use crate::flags::keys;
use crate::flags::model::{Flag, Rules};
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::ops::{put_if, update_op};
use crate::platform::store::transaction::Transaction;
use crate::platform::store::{Item, NOT_EXISTS, Store, decode, encode, n, s};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One change of a flag: who, when, and the rules before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub flag: String,
    pub rev: u64,
    pub at: i64,
    pub admin_id: String,
    pub before: Option<Rules>,
    pub after: Rules,
}

/// The exposures item holds one attribute per experiment; flag keys have
/// dashes, attribute placeholders take underscores (which keys never have).
fn exposure_attribute(flag: &str) -> String {
    format!("f_{}", flag.replace('-', "_"))
}

impl Store {
    /// Every flag (one Query of their partition; eventually consistent: a
    /// change reaches evaluations within a second or so).
    pub async fn flags(&self) -> Result<Vec<Flag>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", s(keys::FLAGS_PK));
        self.query_all(query)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    pub async fn flag(&self, key: &str) -> Result<Option<Flag>> {
        self.get(keys::flag(key)).await
    }

    /// Writes `flag` over the rev `read` (0: there was none) with its audit
    /// entry; false when another change came first.
    pub async fn put_flag(&self, flag: &Flag, read: u64, audit: &AuditEntry) -> Result<bool> {
        let item = encode(keys::flag(&flag.key), flag)?;
        let write = if read == 0 {
            put_if(&self.table, item, Some(NOT_EXISTS), None)?
        } else {
            let values = Item::from([(":rev".into(), n(read))]);
            put_if(&self.table, item, Some("#rev = :rev"), Some(values))?
        };
        let entry = encode(
            keys::audit(&flag.key, audit.at, &ulid::Ulid::generate().to_string()),
            audit,
        )?;
        let mut tx = Transaction::new();
        tx.add("flag", write)
            .add("audit", put_if(&self.table, entry, None, None)?);
        Ok(self.transact(tx).await?.is_ok())
    }

    /// A flag's changes, newest first.
    pub async fn flag_audit(
        &self,
        key: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<AuditEntry>, Option<Position>)> {
        self.query_page(None, "PK", keys::audit_pk(key), limit, after)
            .await
    }

    /// The experiments `user_id` was exposed to: flag key -> variant.
    pub async fn exposures(&self, user_id: &str) -> Result<BTreeMap<String, String>> {
        let item: Option<BTreeMap<String, serde_json::Value>> =
            self.get(keys::exposures(user_id)).await?;
        Ok(item
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(attribute, variant)| {
                let flag = attribute.strip_prefix("f_")?.replace('_', "-");
                Some((flag, variant.as_str()?.to_owned()))
            })
            .collect())
    }

    /// Records first exposures (flag, variant) with their events; a
    /// concurrent request that recorded any of them first wins, and nothing
    /// is recorded twice.
    pub async fn expose(
        &self,
        user_id: &str,
        first: &[(String, String)],
        events: &[Envelope],
    ) -> Result<()> {
        let attributes: Vec<String> = first.iter().map(|(f, _)| exposure_attribute(f)).collect();
        let update = attributes
            .iter()
            .enumerate()
            .map(|(i, a)| format!("#{a} = :v{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let condition = attributes
            .iter()
            .map(|a| format!("attribute_not_exists(#{a})"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let values = first
            .iter()
            .enumerate()
            .map(|(i, (_, variant))| (format!(":v{i}"), s(variant)))
            .collect();
        let mut tx = Transaction::new();
        tx.add(
            "exposures",
            update_op(
                &self.table,
                keys::exposures(user_id),
                &format!("SET {update}"),
                &condition,
                values,
            )?,
        );
        for event in events {
            tx.add("event", self.outbox_op(event)?);
        }
        // Lost to a concurrent request: that one recorded them.
        self.transact(tx).await?.ok();
        Ok(())
    }
}
