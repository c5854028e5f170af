//! Home feeds: one partition per reader, filled by fan-out on write. Entry
//! keys are deterministic (reader, post), so a redelivered event rewrites the
//! same items instead of duplicating them.

use super::{Item, Store, encode, keys, n};
use crate::domain::cursor::Position;
use crate::domain::graph::{List, Relation};
use crate::error::{Error, Result};
use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use serde::{Deserialize, Serialize};

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
        let requests = entries
            .map(|(reader, entry)| {
                let mut item: Item = encode(keys::feed_entry(reader, &entry.post_id), entry)?;
                item.insert("expires_at".into(), n(expires_at));
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .map_err(|e| Error::internal("build PutRequest", e))?;
                Ok(WriteRequest::builder().put_request(put).build())
            })
            .collect::<Result<_>>()?;
        self.batch_write(requests).await
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

    /// A page of a reader's feed entries, newest first (one Query).
    pub async fn feed_page(
        &self,
        reader: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<FeedEntry>, Option<Position>)> {
        self.query_page(None, "PK", keys::feed_pk(reader), limit, after)
            .await
    }
}

impl Store {
    /// In one BatchGetItem: the posts, and for each author whether the reader
    /// follows and mutes them. Keys: posts + 2 per author, at most 100.
    pub async fn posts_and_relations(
        &self,
        post_ids: &[&str],
        reader: &str,
        authors: &[&str],
    ) -> Result<(Vec<crate::domain::post::Post>, Vec<Relation>)> {
        use crate::domain::graph::RelationKind;
        let mut wanted: Vec<Item> = post_ids.iter().map(|id| keys::post(id)).collect();
        for author in authors {
            wanted.push(keys::relation(RelationKind::Follows, reader, author));
            wanted.push(keys::relation(RelationKind::Mutes, reader, author));
        }
        let (mut posts, mut relations) = (Vec::new(), Vec::new());
        for item in self.batch_get(wanted).await? {
            let is_post = item
                .get("PK")
                .and_then(|v| v.as_s().ok())
                .is_some_and(|pk| pk.starts_with("POST#"));
            if is_post {
                posts.push(super::decode(item)?);
            } else {
                relations.push(super::decode(item)?);
            }
        }
        Ok((posts, relations))
    }
}
