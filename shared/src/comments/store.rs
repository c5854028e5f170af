//! Comments: one item each (`COMMENT#<id>`), placed in their post's thread
//! by GSI1 (`THREAD#<post>` / path), so one Query reads a page in thread
//! order. The post's `comments_count` moves in the same transaction.

use crate::accounts::store::rfc3339;
use crate::comments::keys;
use crate::comments::model::Comment;
use crate::communities::store::ModLogEntry;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::keys::owned_by;
use crate::platform::store::n;
use crate::platform::store::ops::check_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::run_page;
use crate::platform::store::s;
use crate::platform::store::transaction::Transaction;
use crate::platform::store::versions::Version;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};

/// How a comment write ended when it did not.
#[derive(Debug, PartialEq, Eq)]
pub enum CommentRefused {
    /// The post is gone, or its thread locked.
    PostGoneOrLocked,
    /// The parent is gone or deleted.
    ParentGone,
    /// The comment changed (or was deleted) since it was read.
    Changed,
}

/// Neither missing nor a tombstone (`deleted` is only stored when true).
const LIVE: &str = "attribute_exists(PK) AND attribute_not_exists(deleted)";

impl Store {
    pub async fn comment(&self, id: &str) -> Result<Option<Comment>> {
        self.get(keys::comment(id)).await
    }

    fn comment_item(&self, comment: &Comment) -> Result<Item> {
        let mut item = owned_by(
            encode(keys::comment(&comment.id), comment)?,
            &comment.author_id,
            format!("COMMENT#{}", comment.id),
        );
        item.insert("GSI1PK".into(), s(keys::thread_pk(&comment.post_id)));
        item.insert("GSI1SK".into(), s(&comment.path));
        Ok(item)
    }

    /// Counts on the post, which must exist — and, for a new comment, not be locked.
    fn comments_count_op(
        &self,
        post_id: &str,
        delta: i64,
        unlocked: bool,
    ) -> Result<TransactWriteItem> {
        let condition = if unlocked {
            "attribute_exists(PK) AND attribute_not_exists(locked)"
        } else {
            EXISTS
        };
        update_op(
            &self.table,
            crate::posts::keys::post(post_id),
            "ADD comments_count :delta",
            condition,
            Item::from([(":delta".into(), n(delta))]),
        )
    }

    /// Writes a comment with its `comment.created` event, counted on the
    /// post; a reply needs its parent still there and not deleted.
    pub async fn create_comment(
        &self,
        comment: &Comment,
        event: &Envelope,
    ) -> Result<Result<(), CommentRefused>> {
        let mut tx = Transaction::new();
        tx.add(
            "comment",
            put_op(
                &self.table,
                self.comment_item(comment)?,
                Some("attribute_not_exists(PK)"),
            )?,
        )
        .add("post", self.comments_count_op(&comment.post_id, 1, true)?)
        .add("event", self.outbox_op(event)?);
        if let Some(parent) = &comment.parent_id {
            tx.add(
                "parent",
                check_op(&self.table, keys::comment(parent), LIVE)?,
            );
        }
        Ok(match self.transact(tx).await? {
            Ok(()) => Ok(()),
            Err(failed) if failed.has("post") => Err(CommentRefused::PostGoneOrLocked),
            Err(_) => Err(CommentRefused::ParentGone),
        })
    }

    /// Replaces the text of a live comment that has not changed since read,
    /// keeping the old text as a version.
    pub async fn edit_comment(
        &self,
        before: &Comment,
        after: &Comment,
        replaced_ms: i64,
    ) -> Result<Result<(), CommentRefused>> {
        let version = Version {
            text: before.text.clone().unwrap_or_default(),
            content_warning: None,
            replaced_at: replaced_ms,
        };
        let mut values = Item::from([
            (":text".into(), s(after.text.clone().unwrap_or_default())),
            (
                ":edited".into(),
                s(rfc3339(after.edited_at.unwrap_or(after.created_at))?),
            ),
        ]);
        let condition = match before.edited_at {
            Some(at) => {
                values.insert(":seen".into(), s(rfc3339(at)?));
                format!("{LIVE} AND edited_at = :seen")
            }
            None => format!("{LIVE} AND attribute_not_exists(edited_at)"),
        };
        let ops = vec![
            update_op(
                &self.table,
                keys::comment(&before.id),
                "SET #text = :text, edited_at = :edited",
                &condition,
                values,
            )?,
            self.version_op(keys::comment_pk(&before.id), &version)?,
        ];
        Ok(self
            .transact(ops)
            .await?
            .map_err(|_| CommentRefused::Changed))
    }

    /// Turns a live comment into a tombstone (text and history gone, place
    /// in the thread kept) and uncounts it — from its post, if that remains.
    /// `moderation`: a moderator's log entry and event, in the same transaction.
    pub async fn delete_comment(
        &self,
        comment: &Comment,
        moderation: Option<(&ModLogEntry, &Envelope)>,
    ) -> Result<Result<(), CommentRefused>> {
        let tombstone = update_op(
            &self.table,
            keys::comment(&comment.id),
            // A tombstone keeps its place in the thread, not its text, its
            // history, nor its place among what the author wrote.
            "SET deleted = :yes REMOVE #text, GSI2PK, GSI2SK",
            LIVE,
            Item::from([(":yes".into(), AttributeValue::Bool(true))]),
        )?;
        let mut tx = Transaction::new();
        tx.add("tombstone", tombstone);
        if let Some((entry, event)) = moderation {
            tx.add_all("moderation", self.moderation_ops(entry, event)?);
        }
        tx.add("post", self.comments_count_op(&comment.post_id, -1, false)?);
        match self.transact(tx.clone()).await? {
            Ok(()) => {}
            Err(failed) if failed.has("tombstone") => return Ok(Err(CommentRefused::Changed)),
            Err(failed) => {
                // The post is gone: only the tombstone is left to write.
                if self
                    .transact(tx.without_failed(&failed, &["post"]))
                    .await?
                    .is_err()
                {
                    return Ok(Err(CommentRefused::Changed));
                }
            }
        }
        self.delete_versions(keys::comment_pk(&comment.id)).await?;
        Ok(Ok(()))
    }

    pub async fn comment_history(&self, id: &str) -> Result<Vec<Version>> {
        self.versions(keys::comment_pk(id)).await
    }

    /// A page of a post's comments in thread order, down to `max_depth`
    /// (one Query on GSI1; deeper comments are filtered out, so a page may be short).
    pub async fn thread_page(
        &self,
        post_id: &str,
        max_depth: usize,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Comment>, Option<Position>)> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk")
            .filter_expression("#depth <= :depth")
            .expression_attribute_names("#depth", "depth")
            .expression_attribute_values(":pk", s(keys::thread_pk(post_id)))
            .expression_attribute_values(":depth", n(max_depth))
            .limit(limit);
        run_page(query, after).await
    }
}
