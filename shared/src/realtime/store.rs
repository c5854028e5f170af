//! Connections on the single table: one item per connection, indexed by
//! account on GSI1, expiring through the TTL.

use crate::platform::error::Result;
use crate::platform::store::{Store, decode, encode, n};
use crate::realtime::keys;
use crate::realtime::model::Connection;
use serde::{Deserialize, Serialize};

/// A connection watching an account's presence, until the connection ends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Watcher {
    pub connection_id: String,
    pub expires_at: i64,
}

impl Store {
    pub async fn put_connection(&self, connection: &Connection) -> Result<()> {
        let mut item = encode(keys::connection(&connection.connection_id), connection)?;
        item.extend(keys::connection_index(
            &connection.user_id,
            &connection.connection_id,
        ));
        item.insert("expires_at".into(), n(connection.expires_at));
        self.batch_put(vec![item]).await
    }

    pub async fn connection(&self, connection_id: &str) -> Result<Option<Connection>> {
        self.get(keys::connection(connection_id)).await
    }

    pub async fn delete_connection(&self, connection_id: &str) -> Result<()> {
        self.batch_delete(vec![keys::connection(connection_id)])
            .await
    }

    /// An account's connections (one Query; a few per account).
    pub async fn connections_of(&self, user_id: &str) -> Result<Vec<Connection>> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(
                ":pk",
                crate::platform::store::s(keys::sockets_pk(user_id)),
            )
            .send()
            .await
            .map_err(crate::platform::store::db("Query"))?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Marks a connection as heard from now; false when it is gone.
    pub async fn touch_connection(&self, connection_id: &str, now: i64) -> Result<bool> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::connection(connection_id)))
            .update_expression("SET seen_at = :now")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":now", n(now))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(err) if crate::platform::store::condition_failed(&err) => Ok(false),
            Err(err) => Err(crate::platform::store::db("UpdateItem")(err)),
        }
    }

    /// `connection_id` watches each of `targets` until `expires_at`.
    pub async fn watch(
        &self,
        connection_id: &str,
        targets: &[&str],
        expires_at: i64,
    ) -> Result<()> {
        let watcher = Watcher {
            connection_id: connection_id.to_owned(),
            expires_at,
        };
        let items = targets
            .iter()
            .map(|t| encode(keys::watcher(t, connection_id), &watcher))
            .collect::<Result<_>>()?;
        self.batch_put(items).await
    }

    /// The connections watching `user_id` (one Query per 1 MB).
    pub async fn watchers_of(&self, user_id: &str) -> Result<Vec<Watcher>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = self
                .query_page(None, "PK", keys::watchers_pk(user_id), 1000, after)
                .await?;
            all.extend(page);
            match next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn unwatch(&self, user_id: &str, connection_id: &str) -> Result<()> {
        self.batch_delete(vec![keys::watcher(user_id, connection_id)])
            .await
    }
}
