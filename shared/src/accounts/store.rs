//! Accounts: the profile item plus the username and email guard items that
//! make both unique.

use crate::accounts::keys;
use crate::accounts::tokens::OneTimeToken;
use crate::accounts::user::User;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Error};
use crate::platform::events::{Envelope, Event, UserRegistered};
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::NOT_EXISTS;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use crate::platform::store::transaction::Transaction;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Guard items point at the account that owns the name.
#[derive(Serialize, Deserialize)]
struct Guard {
    user_id: String,
}

/// The profile and the guards that claim its username and email, in that order.
pub fn account_items(user: &User, username_key: &str, email_key: &str) -> Result<[Item; 3]> {
    let guard = Guard {
        user_id: user.id.clone(),
    };
    Ok([
        encode(keys::user(&user.id), user)?,
        encode(keys::username(username_key), &guard)?,
        encode(keys::email(email_key), &guard)?,
    ])
}

impl Store {
    /// Creates the account, claims its username and email, and stores the email
    /// verification token, all or nothing.
    pub async fn create_user(
        &self,
        user: &User,
        username_key: &str,
        email_key: &str,
        verify: &OneTimeToken,
    ) -> Result<()> {
        let [account, username, email] = account_items(user, username_key, email_key)?;
        let registered = Event::UserRegistered(UserRegistered {
            user_id: user.id.clone(),
        })
        .at(user.created_at.unix_timestamp());
        let claim = |item| put_op(&self.table, item, Some(NOT_EXISTS));
        let mut tx = Transaction::new();
        tx.add("account", claim(account)?)
            .add("username", claim(username)?)
            .add("email", claim(email)?)
            .add("verification", self.put_token_op(verify)?)
            .add("event", self.outbox_op(&registered)?);
        match self.transact(tx).await? {
            Ok(()) => Ok(()),
            Err(failed) if failed.has("username") => Err(Error::conflict(
                Clash::Taken,
                "username",
                "this username is taken",
            )),
            Err(failed) if failed.has("email") => Err(Error::conflict(
                Clash::Taken,
                "email",
                "an account with this email already exists",
            )),
            Err(_) => Err(Error::bug("account id collision")),
        }
    }

    pub async fn user(&self, user_id: &str) -> Result<Option<User>> {
        self.get(keys::user(user_id)).await
    }

    /// Accounts by id in one BatchGetItem (at most 100); missing ones are
    /// skipped. Eventually consistent: for showing accounts beside what
    /// they wrote, where a second-old profile does.
    pub async fn users(&self, ids: &[&str]) -> Result<Vec<User>> {
        let keys = ids.iter().map(|id| keys::user(id)).collect();
        self.batch_get_recent(keys)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Accounts by lowercase username (guards, then profiles: two BatchGetItems).
    pub async fn users_by_username(&self, username_keys: &[String]) -> Result<Vec<User>> {
        let guards: Vec<Guard> = self
            .batch_get(username_keys.iter().map(|k| keys::username(k)).collect())
            .await?
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        let ids: Vec<&str> = guards.iter().map(|g| g.user_id.as_str()).collect();
        self.users(&ids).await
    }

    pub async fn user_by_username(&self, username_key: &str) -> Result<Option<User>> {
        self.user_by_guard(keys::username(username_key)).await
    }

    pub async fn user_by_email(&self, email_key: &str) -> Result<Option<User>> {
        self.user_by_guard(keys::email(email_key)).await
    }

    /// Two reads whether or not the name is taken (a missing guard reads an
    /// account that cannot exist), so sign-in takes as long for unknown
    /// names as for known ones.
    async fn user_by_guard(&self, guard_key: Item) -> Result<Option<User>> {
        let user_id = self
            .get::<Guard>(guard_key)
            .await?
            .map_or_else(|| "-".to_owned(), |g| g.user_id);
        self.user(&user_id).await
    }

    /// Marks the email verified by consuming its token; the token is single-use
    /// and only counts for the address it was sent to.
    pub async fn verify_email(&self, token: &OneTimeToken) -> Result<()> {
        let verify = update_op(
            &self.table,
            keys::user(&token.user_id),
            "SET email_verified = :verified",
            "attribute_exists(PK) AND email = :email",
            Item::from([
                (":verified".into(), AttributeValue::Bool(true)),
                (":email".into(), s(&token.email)),
            ]),
        )?;
        self.consume_token(token, verify).await
    }

    /// Replaces the password hash by consuming a reset token.
    pub async fn reset_password(&self, token: &OneTimeToken, password_hash: &str) -> Result<()> {
        let reset = update_op(
            &self.table,
            keys::user(&token.user_id),
            "SET password_hash = :hash",
            EXISTS,
            Item::from([(":hash".into(), s(password_hash))]),
        )?;
        self.consume_token(token, reset).await
    }

    async fn consume_token(&self, token: &OneTimeToken, effect: TransactWriteItem) -> Result<()> {
        let ops = vec![
            delete_op(
                &self.table,
                keys::one_time_token(&token.digest),
                Some(EXISTS),
                None,
            )?,
            effect,
        ];
        self.transact(ops)
            .await?
            .map_err(|_| Error::BadRequest("the token is invalid, expired or already used".into()))
    }

    /// Deletes the account and releases its username and email in one
    /// transaction; sessions are revoked separately by the caller.
    /// Deletes the account and frees its names, publishing `deleted`
    /// (`user.deleted`) so consumers remove what the account left behind.
    pub async fn delete_user(
        &self,
        user: &User,
        username_key: &str,
        email_key: &str,
        deleted: &Envelope,
    ) -> Result<()> {
        let owner = || Some(Item::from([(":id".into(), s(&user.id))]));
        let ops = vec![
            delete_op(
                &self.table,
                keys::user(&user.id),
                Some("password_hash = :hash"),
                Some(Item::from([(":hash".into(), s(&user.password_hash))])),
            )?,
            delete_op(
                &self.table,
                keys::username(username_key),
                Some("user_id = :id"),
                owner(),
            )?,
            delete_op(
                &self.table,
                keys::email(email_key),
                Some("user_id = :id"),
                owner(),
            )?,
            self.outbox_op(deleted)?,
        ];
        self.transact(ops).await?.map_err(|_| {
            Error::clash(
                Clash::Changed,
                "the account changed while it was being deleted; try again",
            )
        })
    }
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> Result<String> {
    t.format(&Rfc3339)
        .map_err(|e| Error::internal("format time", e))
}

impl Store {
    /// Takes the lease on promoting an account to celebrity for 15 minutes;
    /// false while another promotion holds it.
    pub async fn lease_promotion(&self, user_id: &str, now_ms: i64) -> Result<bool> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::user(user_id)))
            .update_expression("SET promotion_lease = :until")
            .condition_expression(
                "attribute_exists(PK) AND (attribute_not_exists(promotion_lease) OR promotion_lease < :now)",
            )
            .expression_attribute_values(":until", n(now_ms + 15 * 60 * 1000))
            .expression_attribute_values(":now", n(now_ms))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(err) if condition_failed(&err) => Ok(false),
            Err(err) => Err(db("UpdateItem")(err)),
        }
    }

    pub async fn mark_celebrity(&self, user_id: &str) -> Result<()> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::user(user_id)))
            .update_expression("SET celebrity = :yes REMOVE promotion_lease")
            .condition_expression(EXISTS)
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .send()
            .await;
        match out {
            Err(err) if !condition_failed(&err) => Err(db("UpdateItem")(err)),
            _ => Ok(()),
        }
    }
}
