//! Reactions: one item per (target, account) — so one reaction each — with
//! the target's per-kind counts moved in the same transaction, conditional
//! on the reaction the caller saw. Listed newest first through GSI1.

use crate::engagement::keys;
use crate::engagement::model::Reaction;
use crate::engagement::model::Target;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::keys::owned_by;
use crate::platform::store::n;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_if;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use crate::platform::store::transaction::Transaction;
use crate::posts::counts::ReactionCounts;
use crate::posts::counts::ReactionKind;
use aws_sdk_dynamodb::types::TransactWriteItem;

/// How a reaction write ended.
#[derive(Debug, PartialEq, Eq)]
pub enum ReactionWrite {
    Done,
    /// The stored reaction is no longer the one the caller saw: read again.
    Raced,
    TargetGone,
}

impl Store {
    pub async fn reaction(&self, target: &Target, user_id: &str) -> Result<Option<Reaction>> {
        self.get(keys::reaction(target, user_id)).await
    }

    /// Moves the target's counts: `delta` on each kind given.
    fn reaction_counts_op(
        &self,
        target: &Target,
        moves: &[(ReactionKind, i64)],
    ) -> Result<TransactWriteItem> {
        let adds: Vec<String> = moves
            .iter()
            .enumerate()
            .map(|(i, (kind, _))| format!("{} :d{i}", ReactionCounts::attribute(*kind)))
            .collect();
        let values = moves
            .iter()
            .enumerate()
            .map(|(i, (_, delta))| (format!(":d{i}"), n(delta)))
            .collect();
        update_op(
            &self.table,
            keys::target(target),
            &format!("ADD {}", adds.join(", ")),
            "attribute_exists(PK)",
            values,
        )
    }

    /// Condition that the stored reaction is still `previous` (or absent).
    fn still(previous: Option<ReactionKind>) -> (&'static str, Option<Item>) {
        match previous {
            None => ("attribute_not_exists(PK)", None),
            Some(kind) => (
                "kind = :previous",
                Some(Item::from([(":previous".into(), s(kind.name()))])),
            ),
        }
    }

    /// Stores `reaction`, replacing `previous`, with `event`; the counts move
    /// in the same transaction.
    pub async fn set_reaction(
        &self,
        target: &Target,
        reaction: &Reaction,
        previous: Option<ReactionKind>,
        event: &Envelope,
    ) -> Result<ReactionWrite> {
        let mut item = owned_by(
            encode(keys::reaction(target, &reaction.user_id), reaction)?,
            &reaction.user_id,
            format!("REACTION#{}", target.tag()),
        );
        item.insert("GSI1PK".into(), s(keys::reactions_pk(target)));
        item.insert(
            "GSI1SK".into(),
            s(format!("{:013}#{}", reaction.created_at, reaction.user_id)),
        );
        let (condition, values) = Self::still(previous);
        let mut moves = vec![(reaction.kind, 1)];
        moves.extend(previous.map(|p| (p, -1)));
        let mut tx = Transaction::new();
        tx.add(
            "reaction",
            put_if(&self.table, item, Some(condition), values)?,
        )
        .add("target", self.reaction_counts_op(target, &moves)?)
        .add("event", self.outbox_op(event)?);
        Ok(match self.transact(tx).await? {
            Ok(()) => ReactionWrite::Done,
            Err(failed) if failed.has("reaction") => ReactionWrite::Raced,
            Err(_) => ReactionWrite::TargetGone,
        })
    }

    /// Removes the reaction `previous` and uncounts it (from the target, if
    /// that remains).
    pub async fn remove_reaction(
        &self,
        target: &Target,
        user_id: &str,
        previous: ReactionKind,
    ) -> Result<ReactionWrite> {
        let (condition, values) = Self::still(Some(previous));
        let delete = delete_op(
            &self.table,
            keys::reaction(target, user_id),
            Some(condition),
            values,
        )?;
        let mut tx = Transaction::new();
        tx.add("reaction", delete.clone()).add(
            "target",
            self.reaction_counts_op(target, &[(previous, -1)])?,
        );
        Ok(match self.transact(tx).await? {
            Ok(()) => ReactionWrite::Done,
            Err(failed) if failed.has("reaction") => ReactionWrite::Raced,
            Err(_) => match self.transact(vec![delete]).await? {
                Ok(()) => ReactionWrite::TargetGone,
                Err(_) => ReactionWrite::Raced,
            },
        })
    }

    /// Who reacted to `target`, newest first.
    pub async fn reactions_page(
        &self,
        target: &Target,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Reaction>, Option<Position>)> {
        self.query_page(
            Some("GSI1"),
            "GSI1PK",
            keys::reactions_pk(target),
            limit,
            after,
        )
        .await
    }
}
