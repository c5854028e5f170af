//! Connections on the single table: one item per connection, indexed by
//! account on GSI1, expiring through the TTL.

use crate::platform::error::Result;
use crate::platform::store::{Store, decode, encode, n};
use crate::realtime::keys;
use crate::realtime::model::Connection;

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
}
