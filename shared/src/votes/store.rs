//! Votes on community posts and comments: one item per (target, account),
//! the target's ups, downs and score — and a post's copies of its score on
//! the "top" indexes — moved in the same transaction, conditional on the vote
//! the caller saw.

use crate::communities::model::vote_moves;
use crate::engagement::model::Target;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::idempotency::IdempotencyRecord;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::keys::owned_by;
use crate::platform::store::n;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_if;
use crate::platform::store::ops::update_op;
use crate::platform::store::transaction::Transaction;
use crate::votes::keys;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub target: String,
    pub user_id: String,
    /// 1 or -1.
    pub value: i8,
    pub created_at: i64,
}

/// How a vote write ended.
#[derive(Debug, PartialEq, Eq)]
pub enum VoteWrite {
    Done,
    /// The stored vote is no longer the one the caller saw: read again.
    Raced,
    /// The idempotency key was used meanwhile: the caller compares.
    KeyUsed,
    TargetGone,
}

impl Store {
    pub async fn vote(&self, target: &Target, user_id: &str) -> Result<Option<Vote>> {
        self.get(keys::vote(target, user_id)).await
    }

    /// Deletes a vote whose target is gone (nothing left to uncount).
    pub async fn forget_vote(&self, target: &Target, user_id: &str) -> Result<()> {
        self.batch_delete(vec![keys::vote(target, user_id)]).await
    }

    fn vote_counts_op(
        &self,
        target: &Target,
        (ups, downs, score): (i64, i64, i64),
    ) -> Result<TransactWriteItem> {
        let mut adds = "ADD ups :ups, downs :downs, score :score".to_owned();
        if let Target::Post(_) = target {
            // The top indexes sort by copies of the score.
            adds.push_str(", GSI3SK :score, GSI4SK :score, GSI5SK :score, GSI6SK :score");
        }
        update_op(
            &self.table,
            crate::engagement::keys::target(target),
            &adds,
            "attribute_exists(PK)",
            Item::from([
                (":ups".into(), n(ups)),
                (":downs".into(), n(downs)),
                (":score".into(), n(score)),
            ]),
        )
    }

    /// Sets `user_id`'s vote on `target` from `previous` to `value` (0 takes
    /// it back), with `event` and the idempotency record, if any, in the same
    /// transaction.
    pub async fn set_vote(
        &self,
        target: &Target,
        vote: &Vote,
        previous: i8,
        event: &Envelope,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<VoteWrite> {
        let key = keys::vote(target, &vote.user_id);
        let (condition, values) = match previous {
            0 => ("attribute_not_exists(PK)", None),
            _ => (
                "#value = :previous",
                Some(Item::from([(":previous".into(), n(previous))])),
            ),
        };
        let write = if vote.value == 0 {
            delete_op(&self.table, key, Some(condition), values)?
        } else {
            let item = owned_by(
                encode(key, vote)?,
                &vote.user_id,
                format!("VOTE#{}", target.tag()),
            );
            put_if(&self.table, item, Some(condition), values)?
        };
        let mut tx = Transaction::new();
        tx.add("vote", write);
        if let Some(record) = idempotency {
            tx.add("idempotency", record.put_op(&self.table)?);
        }
        let moves = vote_moves(previous, vote.value);
        if moves != (0, 0, 0) {
            tx.add("counts", self.vote_counts_op(target, moves)?)
                .add("event", self.outbox_op(event)?);
        }
        Ok(match self.transact(tx).await? {
            Ok(()) => VoteWrite::Done,
            Err(failed) if failed.has("idempotency") => VoteWrite::KeyUsed,
            Err(failed) if failed.has("vote") => VoteWrite::Raced,
            Err(_) => VoteWrite::TargetGone,
        })
    }

    /// Recomputes a community post's hot and controversial ranks.
    pub async fn set_ranks(&self, post_id: &str, hot: f64, controversy: f64) -> Result<()> {
        let op = update_op(
            &self.table,
            crate::posts::keys::post(post_id),
            "SET GSI7SK = :hot, GSI8SK = :controversy",
            "attribute_exists(PK) AND attribute_exists(GSI7PK)",
            Item::from([
                (":hot".into(), n(hot)),
                (":controversy".into(), n(controversy)),
            ]),
        )?;
        // A post deleted meanwhile has nothing left to rank.
        self.transact(vec![op]).await?.ok();
        Ok(())
    }
}
