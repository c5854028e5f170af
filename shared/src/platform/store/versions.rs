//! Edit history: each replaced text is an item `EDIT#<ms>` in the edited
//! item's partition (posts and comments alike).

use crate::platform::error::Result;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::keys;
use crate::platform::store::ops::put_op;
use crate::platform::store::s;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

/// An earlier version of a text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Version {
    pub text: String,
    /// Posts only.
    #[serde(default)]
    pub content_warning: Option<String>,
    /// Epoch milliseconds when this version was replaced.
    pub replaced_at: i64,
}

impl Store {
    /// Keeps `version` in the partition `pk` (inside the edit's transaction).
    pub(crate) fn version_op(&self, pk: String, version: &Version) -> Result<TransactWriteItem> {
        let key = keys::version(pk, version.replaced_at);
        put_op(&self.table, encode(key, version)?, None)
    }

    /// The versions kept in partition `pk`, newest first (the last 100).
    pub(crate) async fn versions(&self, pk: String) -> Result<Vec<Version>> {
        let items = self.version_items(pk).await?;
        items.into_iter().map(decode).collect()
    }

    /// Forgets every version kept in partition `pk`.
    pub(crate) async fn delete_versions(&self, pk: String) -> Result<()> {
        self.delete_under(pk, Some(keys::EDIT_PREFIX)).await
    }

    async fn version_items(&self, pk: String) -> Result<Vec<Item>> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :edit)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":edit", s(keys::EDIT_PREFIX))
            .scan_index_forward(false)
            .limit(100)
            .send()
            .await
            .map_err(db("Query"))?;
        Ok(out.items.unwrap_or_default())
    }
}
