//! Bulk loading for benchmarks and volume tests: BatchWriteItem instead of a
//! transaction per item, straight to the test's table. It checks no
//! conditions, so it is only for accounts no request is touching — which is
//! why it lives here and not in the production crate.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use futures_util::StreamExt;
use kith::accounts::user::User;
use kith::graph::model::{Relation, RelationKind};
use kith::platform::context::App;
use std::collections::HashMap;

type Item = HashMap<String, AttributeValue>;

async fn client() -> Client {
    Client::new(&aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await)
}

/// Puts items 25 per call, retrying what comes back unprocessed.
async fn put_all(client: &Client, table: &str, items: Vec<Item>) {
    for chunk in items.chunks(25) {
        let mut pending: Vec<WriteRequest> = chunk
            .iter()
            .map(|item| {
                let put = PutRequest::builder()
                    .set_item(Some(item.clone()))
                    .build()
                    .unwrap();
                WriteRequest::builder().put_request(put).build()
            })
            .collect();
        while !pending.is_empty() {
            let out = client
                .batch_write_item()
                .request_items(table, pending)
                .send()
                .await
                .unwrap();
            pending = out
                .unprocessed_items
                .and_then(|mut m| m.remove(table))
                .unwrap_or_default();
        }
    }
}

/// Accounts with the guards that claim their (lowercase) names.
pub async fn import_users(app: &App, users: &[User]) {
    let mut items = Vec::with_capacity(users.len() * 3);
    for user in users {
        let username_key = user.username.to_lowercase();
        let email_key = user.email.to_lowercase();
        items
            .extend(kith::accounts::store::account_items(user, &username_key, &email_key).unwrap());
    }
    put_all(&client().await, &app.config.table, items).await;
}

/// Follow edges (other kinds are ignored) between imported accounts, then
/// every account's counts moved by the edges it gained (one UpdateItem per
/// account, 16 at a time).
pub async fn import_follows(app: &App, edges: &[Relation]) {
    let client = client().await;
    let table = &app.config.table;
    let edges: Vec<&Relation> = edges
        .iter()
        .filter(|e| e.kind == RelationKind::Follows)
        .collect();
    let items = edges
        .iter()
        .map(|e| kith::graph::store::relation_item(e).unwrap())
        .collect();
    put_all(&client, table, items).await;
    let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
    for edge in edges {
        counts.entry(&edge.from_id).or_default().0 += 1;
        counts.entry(&edge.to_id).or_default().1 += 1;
    }
    let number = |n: u64| AttributeValue::N(n.to_string());
    let updates = counts.into_iter().map(|(user, (following, followers))| {
        client
            .update_item()
            .table_name(table)
            .set_key(Some(kith::accounts::keys::user(user)))
            .update_expression("ADD following_count :following, followers_count :followers")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":following", number(following))
            .expression_attribute_values(":followers", number(followers))
            .send()
    });
    let mut pending = futures_util::stream::iter(updates).buffer_unordered(16);
    while let Some(done) = pending.next().await {
        done.unwrap();
    }
}
