//! The social graph: follows, follow requests, blocks and mutes as relation
//! items, with follower/following counts on the profiles kept exact by
//! updating them in the same transaction as the edge, conditional on the
//! edge's (non-)existence.

use crate::graph::keys;
use crate::graph::model::List;
use crate::graph::model::Relation;
use crate::graph::model::RelationKind;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::NOT_EXISTS;
use crate::platform::store::Store;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::check_op;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::transaction::{Failed, Transaction};
use aws_sdk_dynamodb::types::TransactWriteItem;

/// The relations that exist between two accounts, in both directions.
#[derive(Debug, Default)]
pub struct Between(Vec<Relation>);

impl Between {
    pub fn relations(&self) -> &[Relation] {
        &self.0
    }

    pub fn has(&self, kind: RelationKind, from: &str, to: &str) -> bool {
        self.0
            .iter()
            .any(|r| r.kind == kind && r.from_id == from && r.to_id == to)
    }
}

/// How a follow attempt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum FollowOutcome {
    Done,
    AlreadyThere,
    Blocked,
    AccountGone,
}

/// A relation with the index attributes that place it in its lists.
pub fn relation_item(relation: &Relation) -> Result<Item> {
    let mut item = encode(
        keys::relation(relation.kind, &relation.from_id, &relation.to_id),
        relation,
    )?;
    item.extend(keys::relation_index_attributes(relation));
    Ok(item)
}

impl Store {
    /// Every relation between `a` and `b`, both directions, in one BatchGetItem.
    pub async fn between(&self, a: &str, b: &str) -> Result<Between> {
        let keys: Vec<Item> = RelationKind::ALL
            .iter()
            .flat_map(|&kind| [keys::relation(kind, a, b), keys::relation(kind, b, a)])
            .collect();
        let items = self.batch_get(keys).await?;
        Ok(Between(
            items.into_iter().map(decode).collect::<Result<_>>()?,
        ))
    }

    /// What decides whether `viewer` sees each of `others`' posts: viewer's
    /// follows, and blocks either way (one BatchGetItem per 33 accounts).
    pub async fn standings(&self, viewer: &str, others: &[&str]) -> Result<Vec<Relation>> {
        let keys = others
            .iter()
            .flat_map(|o| {
                [
                    keys::relation(RelationKind::Follows, viewer, o),
                    keys::relation(RelationKind::Blocks, viewer, o),
                    keys::relation(RelationKind::Blocks, o, viewer),
                ]
            })
            .collect();
        self.batch_get(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Which of `followers` follow `followee` (one BatchGetItem per 100).
    pub async fn who_follow(&self, followers: &[&str], followee: &str) -> Result<Vec<String>> {
        let keys = followers
            .iter()
            .map(|f| keys::relation(RelationKind::Follows, f, followee))
            .collect();
        let edges: Vec<Relation> = self
            .batch_get(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        Ok(edges.into_iter().map(|e| e.from_id).collect())
    }

    /// Which of `others` block `viewer` or are blocked by them (one BatchGetItem, up to 50 accounts).
    pub async fn blocked_among(&self, viewer: &str, others: &[&str]) -> Result<Vec<String>> {
        let keys = others
            .iter()
            .flat_map(|o| {
                [
                    keys::relation(RelationKind::Blocks, viewer, o),
                    keys::relation(RelationKind::Blocks, o, viewer),
                ]
            })
            .collect();
        let blocks: Vec<Relation> = self
            .batch_get(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        Ok(blocks
            .into_iter()
            .map(|b| {
                if b.from_id == viewer {
                    b.to_id
                } else {
                    b.from_id
                }
            })
            .collect())
    }

    fn relation_put(
        &self,
        relation: &Relation,
        condition: Option<&str>,
    ) -> Result<TransactWriteItem> {
        put_op(&self.table, relation_item(relation)?, condition)
    }

    /// Moves a profile's follow counters (which must exist) by the given deltas.
    fn counters_op(
        &self,
        user_id: &str,
        following: i64,
        followers: i64,
    ) -> Result<TransactWriteItem> {
        update_op(
            &self.table,
            crate::accounts::keys::user(user_id),
            "ADD following_count :following, followers_count :followers",
            EXISTS,
            Item::from([
                (":following".into(), n(following)),
                (":followers".into(), n(followers)),
            ]),
        )
    }

    /// Both counters touched by a `from -> to` edge, moved by `delta`.
    fn follow_counters(&self, from: &str, to: &str, delta: i64) -> Result<[TransactWriteItem; 2]> {
        Ok([
            self.counters_op(from, delta, 0)?,
            self.counters_op(to, 0, delta)?,
        ])
    }

    /// Fails the transaction if either account blocks the other.
    fn not_blocked(&self, a: &str, b: &str) -> Result<[TransactWriteItem; 2]> {
        Ok([
            check_op(
                &self.table,
                keys::relation(RelationKind::Blocks, a, b),
                NOT_EXISTS,
            )?,
            check_op(
                &self.table,
                keys::relation(RelationKind::Blocks, b, a),
                NOT_EXISTS,
            )?,
        ])
    }

    /// Creates the follow edge and counts it, unless it exists or a block stands.
    /// `followed` (`user.followed`) is published with the edge.
    pub async fn follow(&self, relation: &Relation, followed: &Envelope) -> Result<FollowOutcome> {
        let (from, to) = (&relation.from_id, &relation.to_id);
        let mut tx = Transaction::new();
        tx.add_all(NOT_BLOCKED, self.not_blocked(from, to)?)
            .add(EDGE, self.relation_put(relation, Some(NOT_EXISTS))?)
            .add_all("counts", self.follow_counters(from, to, 1)?)
            .add("event", self.outbox_op(followed)?);
        Ok(match self.transact(tx).await? {
            Ok(()) => FollowOutcome::Done,
            Err(failed) => outcome_of(&failed),
        })
    }

    /// Records a pending follow request, unless one exists or a block stands;
    /// `requested` (`follow.requested`) is published with it.
    pub async fn request_follow(
        &self,
        relation: &Relation,
        requested: &Envelope,
    ) -> Result<FollowOutcome> {
        let mut tx = Transaction::new();
        tx.add_all(
            NOT_BLOCKED,
            self.not_blocked(&relation.from_id, &relation.to_id)?,
        )
        .add(EDGE, self.relation_put(relation, Some(NOT_EXISTS))?)
        .add("event", self.outbox_op(requested)?);
        Ok(match self.transact(tx).await? {
            Ok(()) => FollowOutcome::Done,
            Err(failed) => outcome_of(&failed),
        })
    }

    /// Turns a pending request into a follow edge, counted once.
    pub async fn accept_request(
        &self,
        request: &Relation,
        now_ms: i64,
        followed: &Envelope,
    ) -> Result<FollowOutcome> {
        let (from, to) = (&request.from_id, &request.to_id);
        let edge = Relation {
            kind: RelationKind::Follows,
            created_at: now_ms,
            ..request.clone()
        };
        let request_key = keys::relation(RelationKind::Requests, from, to);
        let mut tx = Transaction::new();
        tx.add(
            "request",
            delete_op(&self.table, request_key, Some(EXISTS), None)?,
        )
        .add(EDGE, self.relation_put(&edge, Some(NOT_EXISTS))?)
        .add_all("counts", self.follow_counters(from, to, 1)?)
        .add("event", self.outbox_op(followed)?);
        Ok(match self.transact(tx).await? {
            Ok(()) => FollowOutcome::Done,
            Err(failed) if failed.has("request") => FollowOutcome::AlreadyThere,
            Err(failed) if failed.has(EDGE) => {
                // Already following (a retried accept): just drop the request.
                self.remove_relation(RelationKind::Requests, from, to)
                    .await?;
                FollowOutcome::AlreadyThere
            }
            Err(_) => FollowOutcome::AccountGone,
        })
    }

    /// Deletes the follow edge and uncounts it, publishing `unfollowed`
    /// (`user.unfollowed`); false when there was no edge.
    pub async fn unfollow(&self, from: &str, to: &str, unfollowed: &Envelope) -> Result<bool> {
        let mut ops = vec![delete_op(
            &self.table,
            keys::relation(RelationKind::Follows, from, to),
            Some(EXISTS),
            None,
        )?];
        ops.extend(self.follow_counters(from, to, -1)?);
        ops.push(self.outbox_op(unfollowed)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Deletes the follow edge `from -> to` of the erased account `gone`
    /// (one of the two), uncounting it on the other side; false when there
    /// was no edge (a redelivery).
    pub async fn sever_follow(&self, from: &str, to: &str, gone: &str) -> Result<bool> {
        let edge = delete_op(
            &self.table,
            keys::relation(RelationKind::Follows, from, to),
            Some(EXISTS),
            None,
        )?;
        let survivor = if from == gone {
            self.counters_op(to, 0, -1)?
        } else {
            self.counters_op(from, -1, 0)?
        };
        let mut tx = Transaction::new();
        tx.add(EDGE, edge).add("survivor", survivor);
        match self.transact(tx.clone()).await? {
            Ok(()) => Ok(true),
            Err(failed) if failed.has(EDGE) => Ok(false),
            // The other account is gone too: only the edge is left to delete.
            Err(failed) => Ok(self
                .transact(tx.without_failed(&failed, &["survivor"]))
                .await?
                .is_ok()),
        }
    }

    /// Puts a relation without side effects (mute), idempotently.
    pub async fn put_relation(&self, relation: &Relation) -> Result<()> {
        self.transact(vec![self.relation_put(relation, Some(NOT_EXISTS))?])
            .await?
            .ok();
        Ok(())
    }

    pub async fn remove_relation(&self, kind: RelationKind, from: &str, to: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(keys::relation(kind, from, to)))
            .send()
            .await
            .map_err(db("DeleteItem"))?;
        Ok(())
    }

    /// Blocks `to`: records the block and, in the same transaction, removes
    /// follows and requests in both directions with their counts. `existing`
    /// is what `between` saw; a concurrent change fails the transaction and
    /// the caller reads again. `blocked` (`user.blocked`) is published with it.
    pub async fn block(
        &self,
        block: &Relation,
        existing: &Between,
        blocked: &Envelope,
    ) -> Result<bool> {
        let (a, b) = (block.from_id.as_str(), block.to_id.as_str());
        let mut ops = vec![self.relation_put(block, None)?, self.outbox_op(blocked)?];
        // Each profile may appear once per transaction, so the deltas of both
        // removed edges are summed per account: (following, followers).
        let (mut delta_a, mut delta_b) = ((0, 0), (0, 0));
        for (from, to) in [(a, b), (b, a)] {
            let edge = keys::relation(RelationKind::Follows, from, to);
            if existing.has(RelationKind::Follows, from, to) {
                ops.push(delete_op(&self.table, edge, Some(EXISTS), None)?);
                let (from_delta, to_delta) = if from == a {
                    (&mut delta_a, &mut delta_b)
                } else {
                    (&mut delta_b, &mut delta_a)
                };
                from_delta.0 -= 1;
                to_delta.1 -= 1;
            } else {
                ops.push(check_op(&self.table, edge, NOT_EXISTS)?);
            }
            ops.push(delete_op(
                &self.table,
                keys::relation(RelationKind::Requests, from, to),
                None,
                None,
            )?);
        }
        for (user, (following, followers)) in [(a, delta_a), (b, delta_b)] {
            if (following, followers) != (0, 0) {
                ops.push(self.counters_op(user, following, followers)?);
            }
        }
        Ok(self.transact(ops).await?.is_ok())
    }

    /// One page of a list, newest first: the relations and where the next page starts.
    pub async fn list_page(
        &self,
        list: List,
        owner: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Relation>, Option<Position>)> {
        let (index, pk_attr, pk) = keys::list_index(list, owner);
        self.query_page(Some(index), pk_attr, pk, limit, after)
            .await
    }
}

const NOT_BLOCKED: &str = "not blocked";
const EDGE: &str = "edge";

/// What the failed parts of a follow or request transaction mean.
fn outcome_of(failed: &Failed) -> FollowOutcome {
    if failed.has(NOT_BLOCKED) {
        FollowOutcome::Blocked
    } else if failed.has(EDGE) {
        FollowOutcome::AlreadyThere
    } else {
        FollowOutcome::AccountGone
    }
}
