//! Refresh-token sessions. A session ("family") lives under its user; every
//! refresh token of the family points at it. Rotation marks the old token used
//! in the same transaction that issues the new one, so a replayed token is
//! recognised and the whole family revoked.

use crate::accounts::keys;
use crate::platform::error::Result;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::db;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use crate::platform::store::transaction::Transaction;
use crate::platform::store::{condition_failed, key};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub family_id: String,
    pub user_id: String,
    pub created_at: i64,
    /// Epoch seconds; TTL attribute.
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshToken {
    pub user_id: String,
    pub family_id: String,
    /// Epoch seconds; TTL attribute.
    pub expires_at: i64,
    /// Set once the token has been exchanged; presenting it again is reuse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated_at: Option<i64>,
    /// When the session began (epoch seconds): it ends at
    /// [`SESSION_MAX_SECS`] after this, however active. Tokens issued before
    /// this field existed count from their own expiry less one idle period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_started_at: Option<i64>,
}

/// A session stays alive while it is used: each refresh moves its end to
/// this long after the refresh...
pub const SESSION_IDLE_SECS: i64 = 7 * 24 * 3600;
/// ...but never past this long after sign-in.
pub const SESSION_MAX_SECS: i64 = 90 * 24 * 3600;
/// Sessions kept per account; signing in beyond it ends the oldest.
pub const SESSIONS_MAX: usize = 20;

impl RefreshToken {
    /// When the session began.
    pub fn started_at(&self) -> i64 {
        self.session_started_at
            .unwrap_or(self.expires_at - SESSION_IDLE_SECS)
    }

    /// When a session begun at `started_at` ends if refreshed at `now`:
    /// [`SESSION_IDLE_SECS`] later, capped at [`SESSION_MAX_SECS`] after sign-in.
    pub fn ends_at(started_at: i64, now: i64) -> i64 {
        (now + SESSION_IDLE_SECS).min(started_at + SESSION_MAX_SECS)
    }
}

/// What happened to a refresh attempt that passed the expiry check.
#[derive(Debug, PartialEq, Eq)]
pub enum Rotation {
    Rotated,
    /// The token had already been exchanged (replay or a lost race).
    Reused,
    /// The session was revoked or the account deleted.
    Revoked,
}

impl Store {
    /// Opens a session with its first refresh token.
    pub async fn start_session(
        &self,
        session: &Session,
        digest: &str,
        token: &RefreshToken,
    ) -> Result<()> {
        let ops = vec![
            put_op(
                &self.table,
                encode(keys::session(&session.user_id, &session.family_id), session)?,
                None,
            )?,
            put_op(
                &self.table,
                encode(keys::refresh(digest), token)?,
                Some("attribute_not_exists(PK)"),
            )?,
        ];
        self.transact(ops)
            .await?
            .map_err(|_| crate::platform::error::Error::bug("refresh token digest collision"))
    }

    pub async fn refresh_token(&self, digest: &str) -> Result<Option<RefreshToken>> {
        self.get(keys::refresh(digest)).await
    }

    /// Exchanges `old` for `new` if `old` is unused, its session alive and its account present.
    pub async fn rotate_refresh(
        &self,
        old_digest: &str,
        old: &RefreshToken,
        new_digest: &str,
        new: &RefreshToken,
        now: i64,
    ) -> Result<Rotation> {
        let mut tx = Transaction::new();
        tx.add(
            "unrotated",
            update_op(
                &self.table,
                keys::refresh(old_digest),
                "SET rotated_at = :now",
                "attribute_exists(PK) AND attribute_not_exists(rotated_at)",
                Item::from([(":now".into(), n(now))]),
            )?,
        );
        tx.add_all(
            "live",
            [
                // The session slides: its item (and TTL) lives as long as the new token.
                update_op(
                    &self.table,
                    keys::session(&old.user_id, &old.family_id),
                    "SET expires_at = :ends",
                    "attribute_exists(PK)",
                    Item::from([(":ends".into(), n(new.expires_at))]),
                )?,
                self.user_exists_op(&old.user_id)?,
                put_op(
                    &self.table,
                    encode(keys::refresh(new_digest), new)?,
                    Some("attribute_not_exists(PK)"),
                )?,
            ],
        );
        Ok(match self.transact(tx).await? {
            Ok(()) => Rotation::Rotated,
            Err(failed) if failed.has("unrotated") => Rotation::Reused,
            Err(_) => Rotation::Revoked,
        })
    }

    /// Ends the oldest sessions of a user beyond `keep` (session ids are
    /// ULIDs, so key order is age order).
    pub async fn trim_sessions(&self, user_id: &str, keep: usize) -> Result<()> {
        let keys = self.session_keys(user_id).await?;
        let excess = keys.len().saturating_sub(keep);
        self.batch_delete(keys.into_iter().take(excess).collect())
            .await
    }

    /// The keys of a user's sessions, oldest first.
    async fn session_keys(&self, user_id: &str) -> Result<Vec<Item>> {
        let mut pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", s(keys::user_pk(user_id)))
            .expression_attribute_values(":prefix", s(keys::SESSION_PREFIX))
            .projection_expression("PK, SK")
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            keys.extend(page.map_err(db("Query"))?.items.unwrap_or_default());
        }
        Ok(keys)
    }

    /// Revokes one session: its refresh tokens stop working at once.
    pub async fn revoke_session(&self, user_id: &str, family_id: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(keys::session(user_id, family_id)))
            .send()
            .await
            .map_err(db("DeleteItem"))?;
        Ok(())
    }

    /// Revokes every session of a user (password reset, account deletion).
    pub async fn revoke_all_sessions(&self, user_id: &str) -> Result<()> {
        self.delete_under(keys::user_pk(user_id), Some(keys::SESSION_PREFIX))
            .await
    }
}

/// Metric: accounts active that day (signed in or refreshed a session).
pub const ACTIVE_ACCOUNTS: &str = "active_accounts";

impl Store {
    /// Counts `user_id` active on `day`, once a day (the account's own item
    /// remembers the last day it was counted).
    pub async fn mark_active(&self, user_id: &str, day: &str) -> Result<()> {
        let marked = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::user_pk(user_id), "ACTIVE")))
            .update_expression("SET #day = :day")
            .condition_expression("attribute_not_exists(#day) OR #day <> :day")
            .expression_attribute_names("#day", "day")
            .expression_attribute_values(":day", s(day))
            .send()
            .await;
        match marked {
            Ok(_) => self.count(day, &[ACTIVE_ACCOUNTS], 1, user_id).await,
            Err(err) if condition_failed(&err) => Ok(()),
            Err(err) => Err(db("UpdateItem")(err)),
        }
    }
}
