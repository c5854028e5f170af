//! Home feeds: one partition per reader, filled by fan-out on write. Entry
//! keys are deterministic (reader, post), so a redelivered event rewrites the
//! same items instead of duplicating them.

use crate::accounts::user::User;
use crate::feeds::keys;
use crate::graph::model::List;
use crate::graph::model::Relation;
use crate::graph::model::RelationKind;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::NOT_EXISTS;
use crate::platform::store::Store;
use crate::platform::store::concurrently;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use crate::posts::model::Post;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Feed entries expire after 30 days; older posts are not in anyone's feed.
pub const FEED_TTL_SECS: i64 = 30 * 24 * 3600;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeedEntry {
    pub post_id: String,
    pub author_id: String,
}

impl Store {
    /// Every follower of `author`, a page (of up to 1,000) at a time.
    pub async fn followers_page(
        &self,
        author: &str,
        after: Option<Position>,
    ) -> Result<(Vec<String>, Option<Position>)> {
        let (relations, next): (Vec<Relation>, _) =
            self.list_page(List::Followers, author, 1000, after).await?;
        Ok((relations.into_iter().map(|r| r.from_id).collect(), next))
    }

    /// Writes the post into each reader's feed (BatchWriteItem, 25 per call).
    pub async fn add_to_feeds(
        &self,
        readers: &[String],
        entry: &FeedEntry,
        expires_at: i64,
    ) -> Result<()> {
        self.put_feed_entries(readers.iter().map(|r| (r.as_str(), entry)), expires_at)
            .await
    }

    /// Writes entries into one reader's feed (BatchWriteItem, 25 per call).
    pub async fn add_to_feed(
        &self,
        reader: &str,
        entries: &[FeedEntry],
        expires_at: i64,
    ) -> Result<()> {
        self.put_feed_entries(entries.iter().map(|e| (reader, e)), expires_at)
            .await
    }

    async fn put_feed_entries<'a>(
        &self,
        entries: impl Iterator<Item = (&'a str, &'a FeedEntry)>,
        expires_at: i64,
    ) -> Result<()> {
        let items = entries
            .map(|(reader, entry)| {
                let mut item: Item = encode(keys::feed_entry(reader, &entry.post_id), entry)?;
                item.insert("expires_at".into(), n(expires_at));
                Ok(item)
            })
            .collect::<Result<_>>()?;
        self.batch_put(items).await
    }

    pub async fn remove_from_feeds(&self, readers: &[String], post_id: &str) -> Result<()> {
        self.batch_delete(
            readers
                .iter()
                .map(|r| keys::feed_entry(r, post_id))
                .collect(),
        )
        .await
    }

    /// Up to `limit` of a reader's feed entries older than `before` (all
    /// when `None`), newest first, and whether older ones remain (one Query).
    pub async fn feed_entries(
        &self,
        reader: &str,
        limit: i32,
        before: Option<&str>,
    ) -> Result<(Vec<FeedEntry>, bool)> {
        let mut condition = "PK = :pk".to_owned();
        let mut values = Item::from([(":pk".into(), s(keys::feed_pk(reader)))]);
        if let Some(before) = before {
            condition.push_str(" AND SK < :before");
            values.insert(":before".into(), s(before));
        }
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression(condition)
            .set_expression_attribute_values(Some(values))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(db("Query"))?;
        let entries = out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        Ok((entries, out.last_evaluated_key.is_some()))
    }

    /// Adds `author` to each reader's set of pulled authors (one UpdateItem
    /// per reader, 16 at a time; adding to a set is idempotent).
    pub async fn add_pulled(&self, readers: &[String], author: &str) -> Result<()> {
        let updates: Vec<_> = readers
            .iter()
            .map(|reader| {
                self.client
                    .update_item()
                    .table_name(&self.table)
                    .set_key(Some(keys::pulled_authors(reader)))
                    .update_expression("ADD authors :author")
                    .expression_attribute_values(":author", AttributeValue::Ss(vec![author.into()]))
                    .send()
            })
            .collect();
        concurrently(updates, "UpdateItem").await
    }

    /// Takes `author` out of `reader`'s pulled authors (no item is created).
    pub async fn remove_pulled(&self, reader: &str, author: &str) -> Result<()> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::pulled_authors(reader)))
            .update_expression("DELETE authors :author")
            .condition_expression(EXISTS)
            .expression_attribute_values(":author", AttributeValue::Ss(vec![author.into()]))
            .send()
            .await;
        match out {
            Err(err) if !condition_failed(&err) => Err(db("UpdateItem")(err)),
            _ => Ok(()),
        }
    }

    /// Replaces an author's recent posts unless a snapshot read later is
    /// already stored (two rebuilds racing cannot go back in time).
    pub async fn put_recent_posts(&self, recent: &RecentPosts) -> Result<()> {
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(encode(keys::recent_posts(&recent.author_id), recent)?))
            .condition_expression("attribute_not_exists(PK) OR built_at < :built_at")
            .expression_attribute_values(":built_at", n(recent.built_at))
            .send()
            .await;
        match out {
            Err(err) if !condition_failed(&err) => Err(db("PutItem")(err)),
            _ => Ok(()),
        }
    }
}

/// The follow edge's count of the follower's interactions with the followee.
const INTERACTIONS: &str = "interactions";

impl Store {
    /// Counts one interaction (a reply or mention in `post_id`) of `from`
    /// with `to`, if `from` follows `to`. A marker per (post, account) makes
    /// a redelivered event count nothing; it expires at `expires_at`.
    pub async fn record_interaction(
        &self,
        post_id: &str,
        from: &str,
        to: &str,
        expires_at: i64,
    ) -> Result<()> {
        let mut marker = keys::interaction(post_id, to);
        marker.insert("expires_at".into(), n(expires_at));
        let ops = vec![
            put_op(&self.table, marker, Some(NOT_EXISTS))?,
            update_op(
                &self.table,
                crate::graph::keys::relation(RelationKind::Follows, from, to),
                &format!("ADD {INTERACTIONS} :one"),
                EXISTS,
                Item::from([(":one".into(), n(1))]),
            )?,
        ];
        // A lost condition means counted before, or not following: both fine.
        self.transact(ops).await?.ok();
        Ok(())
    }
}

/// A celebrity's newest posts in one item, so followers pull them with one
/// key instead of one Query per celebrity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecentPosts {
    pub author_id: String,
    /// Newest first; mentioned-only posts are never here.
    pub posts: Vec<Post>,
    /// Epoch milliseconds of the read this snapshot was built from.
    pub built_at: i64,
}

/// The keys one feed page needs, fetched together.
#[derive(Debug, Default)]
pub struct FeedLookup<'a> {
    pub posts: Vec<&'a str>,
    /// Their profiles and whether the reader follows and mutes them.
    pub authors: Vec<&'a str>,
    /// Celebrities whose recent posts to pull.
    pub recent: Vec<&'a str>,
    /// Authors of shared posts: their profiles and blocks either way.
    pub shared_authors: Vec<&'a str>,
    /// Whose set of pulled authors to read.
    pub pulled_by: Option<&'a str>,
}

/// What a [`FeedLookup`] found.
#[derive(Debug, Default)]
pub struct FeedView {
    pub posts: Vec<Post>,
    pub users: Vec<User>,
    pub relations: Vec<Relation>,
    pub recent: Vec<RecentPosts>,
    pub pulled: Vec<String>,
    /// How often the reader interacted with each followed author.
    pub affinity: HashMap<String, u64>,
}

impl FeedView {
    /// Adds what a further lookup found.
    pub fn extend(&mut self, other: FeedView) {
        self.posts.extend(other.posts);
        self.users.extend(other.users);
        self.relations.extend(other.relations);
        self.recent.extend(other.recent);
        self.pulled.extend(other.pulled);
        self.affinity.extend(other.affinity);
    }
}

#[derive(Deserialize)]
struct Pulled {
    #[serde(default)]
    authors: Vec<String>,
}

impl Store {
    /// Fetches everything `lookup` names for `reader` with BatchGetItem: one
    /// call per 100 keys (a post is 1 key, an author 3, a celebrity 1, a
    /// shared post's author 3, the pulled set 1), eventually consistent: a
    /// feed page may be a second behind an edit, an unfollow, a mute or a
    /// block, at half the read units of a consistent page.
    pub async fn feed_lookup(&self, reader: &str, lookup: &FeedLookup<'_>) -> Result<FeedView> {
        let mut wanted: Vec<Item> = lookup
            .posts
            .iter()
            .map(|id| crate::posts::keys::post(id))
            .collect();
        for author in &lookup.authors {
            wanted.push(crate::accounts::keys::user(author));
            wanted.push(crate::graph::keys::relation(
                RelationKind::Follows,
                reader,
                author,
            ));
            wanted.push(crate::graph::keys::relation(
                RelationKind::Mutes,
                reader,
                author,
            ));
        }
        wanted.extend(lookup.recent.iter().map(|a| keys::recent_posts(a)));
        for author in &lookup.shared_authors {
            wanted.push(crate::accounts::keys::user(author));
            wanted.push(crate::graph::keys::relation(
                RelationKind::Blocks,
                reader,
                author,
            ));
            wanted.push(crate::graph::keys::relation(
                RelationKind::Blocks,
                author,
                reader,
            ));
        }
        wanted.extend(lookup.pulled_by.map(keys::pulled_authors));
        let mut view = FeedView::default();
        for item in self.batch_get_recent(wanted).await? {
            let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned();
            match sk.as_deref().unwrap_or_default() {
                crate::posts::keys::POST_SK => view.posts.push(decode(item)?),
                crate::accounts::keys::PROFILE_SK => view.users.push(decode(item)?),
                keys::RECENT_SK => view.recent.push(decode(item)?),
                keys::PULLED_SK => view.pulled = decode::<Pulled>(item)?.authors,
                _ => {
                    let interactions = item
                        .get(INTERACTIONS)
                        .and_then(|v| v.as_n().ok())
                        .and_then(|n| n.parse().ok());
                    let relation: Relation = decode(item)?;
                    if let Some(count) = interactions {
                        view.affinity.insert(relation.to_id.clone(), count);
                    }
                    view.relations.push(relation);
                }
            }
        }
        Ok(view)
    }
}
