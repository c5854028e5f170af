//! Refresh-token sessions. A session ("family") is one item under its user:
//! the generation of its current refresh token and that token's digest. A
//! refresh token names its session and generation, so rotation is one
//! conditional update of the session item (generation g to g + 1), and a
//! token of an older generation — one already exchanged — is recognised as
//! reuse and revokes the session.

use crate::accounts::keys;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::db;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::s;
use crate::platform::store::{condition_failed, key};
use aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub family_id: String,
    pub user_id: String,
    /// Sign-in (epoch seconds): the session ends [`SESSION_MAX_SECS`] after it.
    pub created_at: i64,
    /// Epoch seconds; TTL attribute. Each refresh slides it.
    pub expires_at: i64,
    /// The generation of the current refresh token (0 at sign-in).
    #[serde(default)]
    pub generation: u64,
    /// The current refresh token's secret as [`crate::platform::crypto::token_digest`]
    /// gives it, so a leaked table cannot be replayed.
    #[serde(default)]
    pub digest: String,
    /// The day (`YYYY-MM-DD`) of the last refresh: the account's activity is
    /// marked on a session's first refresh of a day, not on every refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_day: Option<String>,
}

/// A session stays alive while it is used: each refresh moves its end to
/// this long after the refresh...
pub const SESSION_IDLE_SECS: i64 = 7 * 24 * 3600;
/// ...but never past this long after sign-in.
pub const SESSION_MAX_SECS: i64 = 90 * 24 * 3600;
/// Sessions kept per account; signing in beyond it ends the oldest.
pub const SESSIONS_MAX: usize = 20;

impl Session {
    /// When a session begun at `started_at` ends if refreshed at `now`:
    /// [`SESSION_IDLE_SECS`] later, capped at [`SESSION_MAX_SECS`] after sign-in.
    pub fn ends_at(started_at: i64, now: i64) -> i64 {
        (now + SESSION_IDLE_SECS).min(started_at + SESSION_MAX_SECS)
    }

    /// The refresh token of this session's current generation, given its secret.
    pub fn token(&self, secret: &str) -> String {
        format!(
            "{}.{}.{}.{secret}",
            self.user_id, self.family_id, self.generation
        )
    }
}

/// A refresh token as presented: the session and generation it claims, and
/// its secret. Knowing a session's ids means holding one of its tokens: they
/// are random and appear nowhere else.
#[derive(Debug, PartialEq, Eq)]
pub struct Presented {
    pub user_id: String,
    pub family_id: String,
    pub generation: u64,
    pub secret: String,
}

impl Presented {
    /// None for anything that is not a refresh token.
    pub fn parse(token: &str) -> Option<Self> {
        let mut parts = token.split('.');
        let (user_id, family_id, generation, secret) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let id = |part: &str| ulid::Ulid::from_string(part).is_ok();
        let secret_ok = !secret.is_empty()
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        (parts.next().is_none() && id(user_id) && id(family_id) && secret_ok).then_some(())?;
        Some(Self {
            user_id: user_id.to_owned(),
            family_id: family_id.to_owned(),
            generation: generation.parse().ok()?,
            secret: secret.to_owned(),
        })
    }
}

/// What happened to a refresh attempt that passed the checks.
#[derive(Debug, PartialEq, Eq)]
pub enum Rotation {
    Rotated,
    /// Another exchange of the same token won the race.
    Reused,
    /// The session was revoked meanwhile (sign-out, password reset, account deletion).
    Revoked,
}

impl Store {
    /// Opens a session (its first refresh token is generation 0).
    pub async fn start_session(&self, session: &Session) -> Result<()> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(encode(
                keys::session(&session.user_id, &session.family_id),
                session,
            )?))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await
            .map_err(|err| match condition_failed(&err) {
                true => Error::bug("session id collision"),
                false => db("PutItem")(err),
            })?;
        Ok(())
    }

    pub async fn session(&self, user_id: &str, family_id: &str) -> Result<Option<Session>> {
        self.get(keys::session(user_id, family_id)).await
    }

    /// Moves `old` to `new` (its next generation) if no other exchange did first.
    pub async fn rotate_session(&self, old: &Session, new: &Session) -> Result<Rotation> {
        let rotated = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::session(&old.user_id, &old.family_id)))
            .update_expression(
                "SET generation = :next, digest = :digest, expires_at = :ends, active_day = :day",
            )
            .condition_expression("attribute_exists(PK) AND generation = :generation")
            .set_expression_attribute_values(Some(Item::from([
                (":generation".into(), n(old.generation)),
                (":next".into(), n(new.generation)),
                (":digest".into(), s(&new.digest)),
                (":ends".into(), n(new.expires_at)),
                (":day".into(), s(new.active_day.clone().unwrap_or_default())),
            ])))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match rotated {
            Ok(_) => Ok(Rotation::Rotated),
            Err(err) if condition_failed(&err) => {
                use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
                let still_there = matches!(
                    err.as_service_error(),
                    Some(UpdateItemError::ConditionalCheckFailedException(e)) if e.item.is_some()
                );
                Ok(if still_there {
                    Rotation::Reused
                } else {
                    Rotation::Revoked
                })
            }
            Err(err) => Err(db("UpdateItem")(err)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session {
            family_id: ulid::Ulid::generate().to_string(),
            user_id: ulid::Ulid::generate().to_string(),
            created_at: 0,
            expires_at: 1,
            generation: 7,
            digest: String::new(),
            active_day: None,
        }
    }

    #[test]
    fn a_token_names_its_session_and_generation() {
        let session = session();
        let presented = Presented::parse(&session.token("c2VjcmV0-_x")).unwrap();
        assert_eq!(
            presented,
            Presented {
                user_id: session.user_id.clone(),
                family_id: session.family_id.clone(),
                generation: 7,
                secret: "c2VjcmV0-_x".into(),
            }
        );
    }

    #[test]
    fn anything_else_is_not_a_refresh_token() {
        let session = session();
        let (user, family) = (&session.user_id, &session.family_id);
        for token in [
            String::new(),
            "x".into(),
            format!("{user}.{family}.7"),
            format!("{user}.{family}.7.s.extra"),
            format!("{user}.{family}.-1.s"),
            format!("{user}.{family}.seven.s"),
            format!("{user}.{family}.7."),
            format!("{user}.{family}.7.s=cr/t"),
            format!("not-a-ulid.{family}.7.s"),
            format!("{user}.not-a-ulid.7.s"),
            format!("{user}.{family}.99999999999999999999999.s"),
        ] {
            assert_eq!(Presented::parse(&token), None, "{token}");
        }
    }
}
