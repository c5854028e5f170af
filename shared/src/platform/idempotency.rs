//! `Idempotency-Key`: a record of what a client's key did, written in the
//! same transaction as the change it made, so a retried request replays the
//! first answer and the same key with another request is refused.

use crate::platform::crypto::token_digest;
use crate::platform::error::{Clash, Error, Result};
use crate::platform::store::ops::put_op;
use crate::platform::store::{NOT_EXISTS, Store, encode, keys};
use aws_sdk_dynamodb::types::TransactWriteItem;
use lambda_http::http::HeaderValue;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

/// How long a key is remembered.
pub const TTL_SECS: i64 = 24 * 3600;

/// What a client's `Idempotency-Key` did, and for which request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub user_id: String,
    pub key: String,
    /// Digest of the request, so a key reused for a different request is refused.
    pub fingerprint: String,
    /// What the request made: a post id, or the target a vote was cast on.
    #[serde(alias = "post_id")]
    pub result: String,
    pub expires_at: i64,
}

impl IdempotencyRecord {
    /// The record `user_id`'s `key` leaves for `request` (whatever describes
    /// it exactly), which made `result`; `now` in epoch seconds.
    pub fn new(
        user_id: &str,
        key: &str,
        request: &impl Serialize,
        result: String,
        now: i64,
    ) -> Self {
        let request = serde_json::to_string(request).expect("a request description serialises");
        Self {
            user_id: user_id.to_owned(),
            key: key.to_owned(),
            fingerprint: token_digest(&request),
            result,
            expires_at: now + TTL_SECS,
        }
    }

    /// Whether `earlier`, the record this key left before, was for this same
    /// request (a replay); a 409 when it was for another.
    pub fn replays(&self, earlier: &IdempotencyRecord) -> Result<bool> {
        if earlier.fingerprint == self.fingerprint {
            Ok(true)
        } else {
            Err(Error::conflict(
                Clash::IdempotencyKeyReused,
                "Idempotency-Key",
                "this Idempotency-Key was used for a different request",
            ))
        }
    }

    /// The record's write, for the transaction of the change it guards;
    /// it fails its condition when the key was used already.
    pub(crate) fn put_op(&self, table: &str) -> Result<TransactWriteItem> {
        let item = encode(keys::idempotency(&self.user_id, &self.key), self)?;
        put_op(table, item, Some(NOT_EXISTS))
    }
}

impl Store {
    /// The record of `user_id`'s `key`, if the key was used.
    pub async fn idempotency_record(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>> {
        self.get(keys::idempotency(user_id, key)).await
    }
}

/// The request's `Idempotency-Key`, if it has one: 1 to 100 visible ASCII characters.
pub fn key_of(req: &Request) -> Result<Option<String>> {
    let Some(value) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| (1..=100).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
    key.map(|k| Some(k.to_owned())).ok_or_else(|| {
        Error::BadRequest("Idempotency-Key must be 1 to 100 visible ASCII characters".into())
    })
}

/// Marks a response as the replay of an earlier request with the same key.
pub fn mark_replayed(response: &mut Response<Body>) {
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
}
