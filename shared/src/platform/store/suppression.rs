//! The email suppression list: addresses that bounced for good or
//! complained (SES feedback), which no email goes to again.

use crate::platform::crypto::token_digest;
use crate::platform::error::Result;
use crate::platform::store::ops::put_op;
use crate::platform::store::{Store, encode, key};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppressed {
    /// `bounce` or `complaint`.
    pub reason: String,
    /// Epoch milliseconds.
    pub at: i64,
}

/// Addresses are keyed by digest (case-folded), so the list holds none in the clear.
fn suppressed(email: &str) -> crate::platform::store::Item {
    key(
        format!("SUPPRESSED#{}", token_digest(&email.to_lowercase())),
        "SUPPRESSED",
    )
}

impl Store {
    pub async fn suppressed(&self, email: &str) -> Result<bool> {
        Ok(self.get::<Suppressed>(suppressed(email)).await?.is_some())
    }

    /// Puts an address on the list (again: idempotent).
    pub async fn suppress(&self, email: &str, why: &Suppressed) -> Result<()> {
        let op = put_op(&self.table, encode(suppressed(email), why)?, None)?;
        self.transact(vec![op]).await?.ok();
        Ok(())
    }
}
