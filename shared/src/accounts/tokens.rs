//! Single-use tokens (email verification, password reset), stored by digest
//! with a one-hour TTL.

use crate::accounts::keys;
use crate::platform::error::Result;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::ops::put_op;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeToken {
    /// SHA-256 of the secret that was emailed; the secret itself is never stored.
    pub digest: String,
    pub purpose: TokenPurpose,
    pub user_id: String,
    /// The address the token was sent to.
    pub email: String,
    /// Epoch seconds; also the table's TTL attribute.
    pub expires_at: i64,
}

impl Store {
    pub async fn put_token(&self, token: &OneTimeToken) -> Result<()> {
        self.transact(vec![self.put_token_op(token)?])
            .await?
            .map_err(|_| crate::platform::error::Error::bug("token digest collision"))
    }

    pub(crate) fn put_token_op(&self, token: &OneTimeToken) -> Result<TransactWriteItem> {
        put_op(
            &self.table,
            encode(keys::one_time_token(&token.digest), token)?,
            Some("attribute_not_exists(PK)"),
        )
    }

    /// The live token with this digest and purpose, if any (expired ones may
    /// linger until TTL deletion runs, so expiry is checked here too).
    pub async fn token(
        &self,
        digest: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> Result<Option<OneTimeToken>> {
        let token: Option<OneTimeToken> = self.get(keys::one_time_token(digest)).await?;
        Ok(token.filter(|t| t.purpose == purpose && t.expires_at > now))
    }
}
