//! Notification groups and their occurrences. Recording an occurrence is one
//! transaction: its entry, conditional on its absence (a redelivered event,
//! or a second reaction by the same account, changes nothing), and its
//! group, conditional on the rev that was read (racing recorders read again
//! and retry). Reads, marks and dismissals bump the rev too, so a recorder
//! never writes back a stale read state.

use crate::notifications::keys;
use crate::notifications::model::{Entry, Group, Kind, Mute, Notice, Settings, UNREAD_MAX};
use crate::platform::clock::back_off;
use crate::platform::cursor::Position;
use crate::platform::error::{Error, Result};
use crate::platform::store::keys::owned_by;
use crate::platform::store::ops::{delete_op, put_if, put_op, update_op};
use crate::platform::store::transaction::Transaction;
use crate::platform::store::{Item, NOT_EXISTS, Store, db, decode, encode, n, run_page, s};
use aws_sdk_dynamodb::types::Select;
use serde::{Deserialize, Serialize};

/// Every occurrence in one group races with the others (a post going
/// viral), so recording retries longer than a request would.
const RECORD_ATTEMPTS: u32 = 40;

/// "Everything before this is read" (epoch milliseconds).
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
pub struct ReadState {
    pub read_before: i64,
}

#[derive(Serialize, Deserialize)]
struct Muted {
    mute: Mute,
}

fn group_item(group: &Group) -> Result<Item> {
    let mut item = encode(keys::group(&group.user_id, &group.id), group)?;
    if !group.dismissed {
        item.insert(
            "GSI1PK".into(),
            s(keys::list_pk(&group.user_id, group.filtered)),
        );
        item.insert(
            "GSI1SK".into(),
            s(keys::list_sk(group.latest_at, &group.id)),
        );
    }
    Ok(item)
}

/// An entry, on the flat list unless its group is held by the policy, and
/// under its actor's `OWNED#` index, so erasing the actor finds it.
fn entry_item(entry: &Entry, listed: bool) -> Result<Item> {
    let key = keys::entry(&entry.user_id, &entry.group_id, &entry.actor_id);
    let what = format!("NOTIF#{}#{}", entry.user_id, entry.group_id);
    let mut item = owned_by(encode(key, entry)?, &entry.actor_id, what);
    if listed {
        item.insert("GSI1PK".into(), s(keys::flat_pk(&entry.user_id)));
        item.insert("GSI1SK".into(), s(keys::flat_sk(entry.at, &entry.event_id)));
    }
    Ok(item)
}

/// `type IN (...)` over the kinds asked for (none: every kind).
fn kinds_filter(
    query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    kinds: &[Kind],
) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
    if kinds.is_empty() {
        return query;
    }
    let names: Vec<String> = (0..kinds.len()).map(|i| format!(":k{i}")).collect();
    let query = kinds.iter().zip(&names).fold(query, |q, (kind, name)| {
        q.expression_attribute_values(name, s(kind.name()))
    });
    query
        .filter_expression(format!("#kind IN ({})", names.join(", ")))
        .expression_attribute_names("#kind", "kind")
}

impl Store {
    pub async fn notification_group(&self, user_id: &str, group_id: &str) -> Result<Option<Group>> {
        self.get(keys::group(user_id, group_id)).await
    }

    /// Records `notice` (held in the requests list when `filtered`): the
    /// group as written, or None when this actor is in it already.
    pub async fn record_notice(&self, notice: &Notice, filtered: bool) -> Result<Option<Group>> {
        let group_id = notice.group_id(filtered);
        let entry = entry_item(&Entry::of(notice, &group_id), !filtered)?;
        for attempt in 0..RECORD_ATTEMPTS {
            let (mut group, read) =
                match self.notification_group(&notice.user_id, &group_id).await? {
                    Some(mut group) => {
                        let rev = group.rev;
                        group.add(notice);
                        (group, rev)
                    }
                    None => (Group::new(notice, filtered), 0),
                };
            group.rev = read + 1;
            let item = group_item(&group)?;
            let group_op = if read == 0 {
                put_if(&self.table, item, Some(NOT_EXISTS), None)?
            } else {
                let values = Item::from([(":rev".into(), n(read))]);
                put_if(&self.table, item, Some("#rev = :rev"), Some(values))?
            };
            let mut tx = Transaction::new();
            tx.add(
                "entry",
                put_op(&self.table, entry.clone(), Some(NOT_EXISTS))?,
            )
            .add("group", group_op);
            match self.transact(tx).await? {
                Ok(()) => return Ok(Some(group)),
                Err(failed) if failed.has("entry") => return Ok(None),
                Err(_) => back_off(attempt).await,
            }
        }
        Err(Error::bug("a notification group kept changing"))
    }

    /// Takes an erased actor out of a group of `user_id`'s: its entry goes,
    /// the group counts one fewer (and goes with its last actor).
    pub async fn forget_actor(&self, user_id: &str, group_id: &str, actor_id: &str) -> Result<()> {
        for attempt in 0..RECORD_ATTEMPTS {
            let entry = delete_op(
                &self.table,
                keys::entry(user_id, group_id, actor_id),
                None,
                None,
            )?;
            let mut tx = Transaction::new();
            tx.add("entry", entry);
            if let Some(mut group) = self.notification_group(user_id, group_id).await? {
                let read = Item::from([(":rev".into(), n(group.rev))]);
                let op = if group.count <= 1 {
                    delete_op(
                        &self.table,
                        keys::group(user_id, group_id),
                        Some("#rev = :rev"),
                        Some(read),
                    )?
                } else {
                    group.count -= 1;
                    group.actors.retain(|a| a.id != actor_id);
                    group.rev += 1;
                    put_if(
                        &self.table,
                        group_item(&group)?,
                        Some("#rev = :rev"),
                        Some(read),
                    )?
                };
                tx.add("group", op);
            }
            match self.transact(tx).await? {
                Ok(()) => return Ok(()),
                Err(_) => back_off(attempt).await,
            }
        }
        Err(Error::bug("a notification group kept changing"))
    }

    /// A page of my groups (or of the requests), latest activity first.
    pub async fn notification_groups(
        &self,
        user_id: &str,
        filtered: bool,
        kinds: &[Kind],
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Group>, Option<Position>)> {
        self.listed(keys::list_pk(user_id, filtered), kinds, limit, after)
            .await
    }

    /// A page of my occurrences one by one, newest first.
    pub async fn notification_entries(
        &self,
        user_id: &str,
        kinds: &[Kind],
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Entry>, Option<Position>)> {
        self.listed(keys::flat_pk(user_id), kinds, limit, after)
            .await
    }

    /// A page of one of my lists on GSI1, newest first, of some kinds only.
    async fn listed<T: serde::de::DeserializeOwned>(
        &self,
        pk: String,
        kinds: &[Kind],
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<T>, Option<Position>)> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(":pk", s(pk))
            .scan_index_forward(false)
            .limit(limit);
        run_page(kinds_filter(query, kinds), after).await
    }

    /// A page of a group's occurrences (its actors), by actor id.
    pub async fn group_entries(
        &self,
        user_id: &str,
        group_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Entry>, Option<Position>)> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", s(crate::accounts::keys::user_pk(user_id)))
            .expression_attribute_values(":prefix", s(keys::entries_prefix(group_id)))
            .limit(limit);
        run_page(query, after).await
    }

    /// The groups with these ids (those that exist).
    pub async fn notification_groups_by_id(
        &self,
        user_id: &str,
        ids: &[&str],
    ) -> Result<Vec<Group>> {
        let keys = ids.iter().map(|id| keys::group(user_id, id)).collect();
        self.batch_get(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    pub async fn read_state(&self, user_id: &str) -> Result<ReadState> {
        Ok(self.get(keys::state(user_id)).await?.unwrap_or_default())
    }

    /// Marks everything up to `at` read.
    pub async fn mark_all_read(&self, user_id: &str, at: i64) -> Result<()> {
        let item = encode(keys::state(user_id), &ReadState { read_before: at })?;
        let values = Item::from([(":at".into(), n(at))]);
        let op = put_if(
            &self.table,
            item,
            Some("attribute_not_exists(PK) OR read_before < :at"),
            Some(values),
        )?;
        // A later mark that won the race already covers this one.
        self.transact(vec![op]).await?.ok();
        Ok(())
    }

    /// Applies `update` to a group of mine under `condition`; false if
    /// there is no such group (or the condition does not hold).
    async fn change_group(
        &self,
        user_id: &str,
        group_id: &str,
        update: &str,
        condition: &str,
        mut values: Item,
    ) -> Result<bool> {
        values.insert(":one".into(), n(1));
        let op = update_op(
            &self.table,
            keys::group(user_id, group_id),
            &format!("{update} ADD #rev :one"),
            condition,
            values,
        )?;
        Ok(self.transact(vec![op]).await?.is_ok())
    }

    pub async fn mark_group_read(&self, user_id: &str, group_id: &str, at: i64) -> Result<bool> {
        let values = Item::from([(":at".into(), n(at))]);
        self.change_group(
            user_id,
            group_id,
            "SET read_at = :at",
            "attribute_exists(PK)",
            values,
        )
        .await
    }

    /// Takes a group off every list (its entries drop with it from the flat one).
    pub async fn dismiss_group(&self, user_id: &str, group_id: &str) -> Result<bool> {
        self.change_group(
            user_id,
            group_id,
            "SET dismissed = :yes REMOVE GSI1PK, GSI1SK",
            "attribute_exists(PK)",
            Item::from([(
                ":yes".into(),
                aws_sdk_dynamodb::types::AttributeValue::Bool(true),
            )]),
        )
        .await
    }

    /// Moves a held group into my notifications, with its one entry onto
    /// the flat list; false if it is not held (any more).
    pub async fn accept_held(&self, group: &Group) -> Result<bool> {
        let mut accepted = group.clone();
        accepted.filtered = false;
        accepted.rev += 1;
        let values = Item::from([(":rev".into(), n(group.rev))]);
        let mut tx = Transaction::new();
        tx.add(
            "group",
            put_if(
                &self.table,
                group_item(&accepted)?,
                Some("#rev = :rev"),
                Some(values),
            )?,
        );
        let (entries, _) = self
            .group_entries(&group.user_id, &group.id, 10, None)
            .await?;
        for entry in &entries {
            tx.add(
                "entry",
                put_op(&self.table, entry_item(entry, true)?, None)?,
            );
        }
        Ok(self.transact(tx).await?.is_ok())
    }

    /// How many of my groups are unread (at most `UNREAD_MAX`): those with
    /// activity after `read_before` that I have not read since.
    pub async fn unread_notifications(&self, user_id: &str, read_before: i64) -> Result<usize> {
        let mut count = 0;
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .index_name("GSI1")
                .key_condition_expression("GSI1PK = :pk AND GSI1SK > :after")
                .filter_expression("read_at < latest_at")
                .expression_attribute_values(":pk", s(keys::list_pk(user_id, false)))
                .expression_attribute_values(":after", s(format!("{read_before:013}~")))
                .select(Select::Count)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(db("Query"))?;
            count += out.count as usize;
            start = out.last_evaluated_key;
            if start.is_none() || count >= UNREAD_MAX {
                return Ok(count.min(UNREAD_MAX));
            }
        }
    }
}

impl Store {
    pub async fn notification_settings(&self, user_id: &str) -> Result<Settings> {
        Ok(self.get(keys::settings(user_id)).await?.unwrap_or_default())
    }

    pub async fn put_notification_settings(
        &self,
        user_id: &str,
        settings: &Settings,
    ) -> Result<()> {
        let item = encode(keys::settings(user_id), settings)?;
        self.transact(vec![put_op(&self.table, item, None)?])
            .await?
            .ok();
        Ok(())
    }

    /// My mute of a post, if any.
    pub async fn post_mute(&self, user_id: &str, post_id: &str) -> Result<Option<Mute>> {
        let muted: Option<Muted> = self.get(keys::mute(user_id, post_id)).await?;
        Ok(muted.map(|m| m.mute))
    }

    /// Mutes a post (None: unmutes it).
    pub async fn set_post_mute(
        &self,
        user_id: &str,
        post_id: &str,
        mute: Option<Mute>,
    ) -> Result<()> {
        let key = keys::mute(user_id, post_id);
        let op = match mute {
            Some(mute) => put_op(&self.table, encode(key, &Muted { mute })?, None)?,
            None => delete_op(&self.table, key, None, None)?,
        };
        self.transact(vec![op]).await?.ok();
        Ok(())
    }
}
