//! Bulk loading for migrations and load tests: BatchWriteItem instead of a
//! transaction per item. It checks no conditions, so it is only for accounts
//! no live request is touching.

use crate::accounts::store::account_items;
use crate::accounts::user::User;
use crate::graph::model::Relation;
use crate::graph::model::RelationKind;
use crate::graph::store::relation_item;
use crate::platform::error::Result;
use crate::platform::store::EXISTS;
use crate::platform::store::Store;
use crate::platform::store::concurrently;
use crate::platform::store::n;
use std::collections::HashMap;

impl Store {
    /// Accounts with the guards that claim their (lowercase) names.
    pub async fn import_users(&self, users: &[User]) -> Result<()> {
        let mut items = Vec::with_capacity(users.len() * 3);
        for user in users {
            let username_key = user.username.to_lowercase();
            items.extend(account_items(
                user,
                &username_key,
                &user.email.to_lowercase(),
            )?);
        }
        self.batch_put(items).await
    }

    /// Follow edges (other kinds are ignored) between imported accounts,
    /// then every account's counts moved by the edges it gained (one
    /// UpdateItem per account, 16 at a time).
    pub async fn import_follows(&self, edges: &[Relation]) -> Result<()> {
        let edges: Vec<&Relation> = edges
            .iter()
            .filter(|e| e.kind == RelationKind::Follows)
            .collect();
        let items = edges
            .iter()
            .map(|e| relation_item(e))
            .collect::<Result<_>>()?;
        self.batch_put(items).await?;
        let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
        for edge in edges {
            counts.entry(&edge.from_id).or_default().0 += 1;
            counts.entry(&edge.to_id).or_default().1 += 1;
        }
        let updates: Vec<_> = counts
            .into_iter()
            .map(|(user, (following, followers))| {
                self.client
                    .update_item()
                    .table_name(&self.table)
                    .set_key(Some(crate::accounts::keys::user(user)))
                    .update_expression("ADD following_count :following, followers_count :followers")
                    .condition_expression(EXISTS)
                    .expression_attribute_values(":following", n(following))
                    .expression_attribute_values(":followers", n(followers))
                    .send()
            })
            .collect();
        concurrently(updates, "UpdateItem").await
    }
}
