//! Posts, their edit history, hashtag entries and idempotency records. Every
//! change also writes its event to the outbox and moves the author's
//! `posts_count`, in one transaction.

use crate::accounts::store::rfc3339;
use crate::communities::model::CommunitySort;
use crate::communities::model::hot;
use crate::communities::store::ModLogEntry;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Error};
use crate::platform::events::Envelope;
use crate::platform::events::Visibility;
use crate::platform::idempotency::IdempotencyRecord;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::keys::owned_by;
use crate::platform::store::n;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use crate::platform::store::transaction::Transaction;
use crate::platform::store::versions::Version;
use crate::platform::store::{EXISTS, NOT_EXISTS};
use crate::posts::keys;
use crate::posts::model::Post;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

/// Idempotency records are kept for a day.
const AUTHOR: &str = "author";
const IDEMPOTENCY: &str = "idempotency";
const MEDIA: &str = "media";
const REPOST_GUARD: &str = "repost guard";
/// The counted references a post makes, named after their fields.
const REFERENCES: [&str; 2] = ["reply_to", "repost_of"];

/// Makes one repost per account per post.
#[derive(Serialize, Deserialize)]
struct RepostGuard {
    repost_id: String,
}

pub enum Created {
    New,
    /// The account had reposted this post already: that repost's id.
    Reposted(String),
    /// The idempotency key was used before: the earlier record.
    Replayed(IdempotencyRecord),
}

impl Store {
    /// The post item, placed in its author's list (GSI1).
    /// A post lists under its author, or — in a community — on the
    /// community's sort indexes instead.
    fn post_item(&self, post: &Post) -> Result<Item> {
        let mut item = owned_by(
            encode(keys::post(&post.id), post)?,
            &post.author_id,
            format!("POST#{}", post.id),
        );
        match &post.community_id {
            None => {
                item.insert("GSI1PK".into(), s(keys::author_posts(&post.author_id)));
                item.insert("GSI1SK".into(), s(&post.id));
            }
            Some(community) => item.extend(keys::community_post_indexes(
                community,
                &post.id,
                post.created_at,
                hot(0, 0, post.created_at),
            )),
        }
        Ok(item)
    }

    /// Hashtag entries exist only for public posts outside communities: the
    /// lists are public.
    fn tag_ops(&self, post: &Post, tags: &[String], add: bool) -> Result<Vec<TransactWriteItem>> {
        if post.visibility != Visibility::Public || post.community_id.is_some() {
            return Ok(Vec::new());
        }
        tags.iter()
            .map(|tag| {
                let key = keys::tag_entry(tag, &post.id);
                if add {
                    put_op(
                        &self.table,
                        encode(key, &serde_json::json!({ "post_id": post.id }))?,
                        None,
                    )
                } else {
                    delete_op(&self.table, key, None, None)
                }
            })
            .collect()
    }

    /// Sets what an edit changes, leaving the rest of the post (its counts)
    /// as concurrent writers left it.
    fn post_text_op(
        &self,
        after: &Post,
        condition: &str,
        mut values: Item,
    ) -> Result<TransactWriteItem> {
        let encoded = encode(Item::new(), after)?;
        let fields = [
            "text",
            "content_warning",
            "hashtags",
            "mentions",
            "links",
            "edited_at",
        ];
        for field in fields {
            let value = encoded
                .get(field)
                .cloned()
                .ok_or_else(|| Error::bug(format!("an edited post has no {field}")))?;
            values.insert(format!(":{field}"), value);
        }
        let set: Vec<String> = fields.iter().map(|f| format!("#{f} = :{f}")).collect();
        update_op(
            &self.table,
            keys::post(&after.id),
            &format!("SET {}", set.join(", ")),
            condition,
            values,
        )
    }

    /// The posts a post counts on: (request field, post, counter).
    fn references(post: &Post) -> Vec<(&'static str, &str, &'static str)> {
        let mut refs = Vec::new();
        if let Some(parent) = &post.reply_to {
            refs.push(("reply_to", parent.as_str(), "replies_count"));
        }
        if let Some(original) = &post.repost_of {
            refs.push(("repost_of", original.id.as_str(), "reposts_count"));
        }
        refs
    }

    /// Moves the counters a post keeps on the posts it references (a reply on
    /// its parent, a repost on the original), which must still exist; each is
    /// a part named after its field.
    fn add_references(&self, tx: &mut Transaction, post: &Post, delta: i64) -> Result<()> {
        for (field, target, counter) in Self::references(post) {
            tx.add(
                field,
                update_op(
                    &self.table,
                    keys::post(target),
                    &format!("ADD {counter} :delta"),
                    "attribute_exists(PK)",
                    Item::from([(":delta".into(), n(delta))]),
                )?,
            );
        }
        Ok(())
    }

    /// The id of `user_id`'s repost of `post_id`, if any.
    pub async fn repost_by(&self, post_id: &str, user_id: &str) -> Result<Option<String>> {
        let guard: Option<RepostGuard> = self.get(keys::repost_guard(post_id, user_id)).await?;
        Ok(guard.map(|g| g.repost_id))
    }

    fn posts_count_op(&self, author_id: &str, delta: i64) -> Result<TransactWriteItem> {
        update_op(
            &self.table,
            crate::accounts::keys::user(author_id),
            "ADD posts_count :delta",
            "attribute_exists(PK)",
            Item::from([(":delta".into(), n(delta))]),
        )
    }

    pub async fn create_post(
        &self,
        post: &Post,
        event: &Envelope,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Created> {
        let mut tx = Transaction::new();
        tx.add(
            "post",
            put_op(&self.table, self.post_item(post)?, Some(NOT_EXISTS))?,
        )
        .add(AUTHOR, self.posts_count_op(&post.author_id, 1)?)
        .add("event", self.outbox_op(event)?);
        if let Some(record) = idempotency {
            tx.add(IDEMPOTENCY, record.put_op(&self.table)?);
        }
        self.add_references(&mut tx, post, 1)?;
        tx.add_all(
            MEDIA,
            self.attach_ops(&post.id, &post.author_id, &post.media)?,
        );
        if let Some(original) = &post.repost_of {
            let guard = RepostGuard {
                repost_id: post.id.clone(),
            };
            let item = encode(keys::repost_guard(&original.id, &post.author_id), &guard)?;
            tx.add(REPOST_GUARD, put_op(&self.table, item, Some(NOT_EXISTS))?);
        }
        tx.add_all("tags", self.tag_ops(post, &post.hashtags, true)?);
        match self.transact(tx).await? {
            Ok(()) => Ok(Created::New),
            Err(failed) if failed.has(IDEMPOTENCY) => {
                let record = idempotency.expect("checked above");
                let earlier = self
                    .idempotency_record(&record.user_id, &record.key)
                    .await?
                    .ok_or_else(|| Error::bug("idempotency record vanished"))?;
                Ok(Created::Replayed(earlier))
            }
            Err(failed) if failed.has(AUTHOR) => {
                Err(Error::Unauthorized("the account no longer exists".into()))
            }
            Err(failed) if failed.has(REPOST_GUARD) => {
                let original = post.repost_of.as_ref().expect("a guard means a repost");
                let guard: RepostGuard = self
                    .get(keys::repost_guard(&original.id, &post.author_id))
                    .await?
                    .ok_or_else(|| Error::bug("repost guard vanished"))?;
                Ok(Created::Reposted(guard.repost_id))
            }
            Err(failed) if failed.has(MEDIA) => Err(Error::validation(
                "media",
                "an image is not yours, not ready, or attached to another post",
            )),
            Err(failed) if failed.first_of(&REFERENCES).is_some() => {
                let field = failed.first_of(&REFERENCES).unwrap_or("reply_to");
                Err(Error::validation(field, "no such post"))
            }
            Err(_) => Err(Error::bug("post id collision")),
        }
    }

    pub async fn post(&self, post_id: &str) -> Result<Option<Post>> {
        self.get(keys::post(post_id)).await
    }

    /// Replaces the text of `before` with `after`, keeping `before` as a version.
    /// Fails with a conflict if the post changed since it was read.
    pub async fn edit_post(
        &self,
        before: &Post,
        after: &Post,
        event: &Envelope,
        replaced_ms: i64,
    ) -> Result<()> {
        let version = Version {
            text: before.text.clone(),
            content_warning: before.content_warning.clone(),
            replaced_at: replaced_ms,
        };
        // Optimistic concurrency: the post must still be the version that was read.
        let (condition, values) = match before.edited_at {
            Some(at) => (
                "attribute_exists(PK) AND edited_at = :seen",
                Item::from([(":seen".into(), s(rfc3339(at)?))]),
            ),
            None => (
                "attribute_exists(PK) AND attribute_not_exists(edited_at)",
                Item::new(),
            ),
        };
        let mut ops = vec![
            self.post_text_op(after, condition, values)?,
            self.version_op(keys::post_pk(&before.id), &version)?,
            self.outbox_op(event)?,
        ];
        let removed: Vec<String> = before
            .hashtags
            .iter()
            .filter(|t| !after.hashtags.contains(t))
            .cloned()
            .collect();
        let added: Vec<String> = after
            .hashtags
            .iter()
            .filter(|t| !before.hashtags.contains(t))
            .cloned()
            .collect();
        ops.extend(self.tag_ops(before, &removed, false)?);
        ops.extend(self.tag_ops(after, &added, true)?);
        self.transact(ops).await?.map_err(|_| {
            Error::clash(
                Clash::Changed,
                "the post changed while you were editing it; reload and try again",
            )
        })
    }

    pub async fn post_history(&self, post_id: &str) -> Result<Vec<Version>> {
        self.versions(keys::post_pk(post_id)).await
    }

    /// Deletes the post, its hashtag entries and its count in one transaction
    /// with the `post.deleted` event; its edit history goes afterwards.
    /// `moderation`: a moderator's log entry and event, in the same transaction.
    pub async fn delete_post(
        &self,
        post: &Post,
        event: &Envelope,
        moderation: Option<(&ModLogEntry, &Envelope)>,
    ) -> Result<bool> {
        let mut tx = Transaction::new();
        tx.add(
            "post",
            delete_op(&self.table, keys::post(&post.id), Some(EXISTS), None)?,
        )
        .add(AUTHOR, self.posts_count_op(&post.author_id, -1)?)
        .add("event", self.outbox_op(event)?)
        .add_all("tags", self.tag_ops(post, &post.hashtags, false)?);
        if let Some((entry, event)) = moderation {
            tx.add_all("moderation", self.moderation_ops(entry, event)?);
        }
        if let Some(original) = &post.repost_of {
            let guard = keys::repost_guard(&original.id, &post.author_id);
            tx.add(REPOST_GUARD, delete_op(&self.table, guard, None, None)?);
        }
        self.add_references(&mut tx, post, -1)?;
        // Referenced posts, or the author (an erased account), may be gone:
        // there is no count left to fix on them.
        const MAY_BE_GONE: [&str; 3] = [REFERENCES[0], REFERENCES[1], AUTHOR];
        match self.transact(tx.clone()).await? {
            Ok(()) => {}
            Err(failed) if !failed.any_but(&MAY_BE_GONE) => {
                if self
                    .transact(tx.without_failed(&failed, &MAY_BE_GONE))
                    .await?
                    .is_err()
                {
                    return Ok(false);
                }
            }
            Err(_) => return Ok(false),
        }
        self.delete_versions(keys::post_pk(&post.id)).await?;
        if let Some(community) = &post.community_id {
            self.drop_pin(community, &post.id).await?;
        }
        Ok(true)
    }

    /// A page of a community's posts on one of its sorts, highest first.
    pub async fn community_posts(
        &self,
        community_id: &str,
        sort: &CommunitySort,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Post>, Option<Position>)> {
        #[derive(Deserialize)]
        struct Entry {
            #[serde(rename = "PK")]
            pk: String,
        }
        let (index, pk_attr, pk) = keys::community_sort(sort.clone(), community_id);
        if keys::sort_holds_posts(index) {
            return self
                .query_page(Some(index), pk_attr, pk, limit, after)
                .await;
        }
        let (entries, next): (Vec<Entry>, _) = self
            .query_page(Some(index), pk_attr, pk, limit, after)
            .await?;
        let ids = entries.iter().filter_map(|e| keys::post_id_of(&e.pk));
        Ok((self.posts(ids).await?, next))
    }

    /// A page of an author's posts, newest first.
    pub async fn author_posts(
        &self,
        author_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Post>, Option<Position>)> {
        self.query_page(
            Some("GSI1"),
            "GSI1PK",
            keys::author_posts(author_id),
            limit,
            after,
        )
        .await
    }

    /// A page of a hashtag's public posts, newest first.
    pub async fn tag_posts(
        &self,
        tag: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Post>, Option<Position>)> {
        #[derive(Deserialize)]
        struct Entry {
            post_id: String,
        }
        let (entries, next): (Vec<Entry>, _) = self
            .query_page(None, "PK", keys::tag_pk(tag), limit, after)
            .await?;
        Ok((
            self.posts(entries.iter().map(|e| e.post_id.as_str()))
                .await?,
            next,
        ))
    }

    /// Posts by id in one BatchGetItem, in the order asked; missing ones are
    /// skipped. Eventually consistent: for pages of posts, which may be a
    /// second behind an edit or a deletion.
    pub async fn posts<'a>(&self, ids: impl Iterator<Item = &'a str>) -> Result<Vec<Post>> {
        let ids: Vec<&str> = ids.collect();
        let found: Vec<Post> = self
            .batch_get_recent(ids.iter().map(|id| keys::post(id)).collect())
            .await?
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        Ok(ids
            .iter()
            .filter_map(|id| found.iter().find(|p| p.id == *id).cloned())
            .collect())
    }
}
