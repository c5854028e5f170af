//! The report's send guard: one report per day, however often the schedule fires.

use crate::platform::error::Result;
use crate::platform::store::ops::put_op;
use crate::platform::store::{NOT_EXISTS, Store, encode, key};
use serde::Serialize;

#[derive(Serialize)]
struct Sent {
    /// Epoch milliseconds.
    at: i64,
}

impl Store {
    /// Takes `day`'s report for sending: false if it went already.
    pub async fn claim_report(&self, day: &str, at: i64) -> Result<bool> {
        let item = encode(key(format!("REPORT#{day}"), "REPORT"), &Sent { at })?;
        let op = put_op(&self.table, item, Some(NOT_EXISTS))?;
        Ok(self.transact(vec![op]).await?.is_ok())
    }
}
