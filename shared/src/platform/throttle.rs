//! Rate limits: a fixed window of attempts per bucket (an account, a client
//! address, an account on one client), one item per bucket with a TTL, so a
//! limit holds across every Lambda instance. An attempt is reserved
//! atomically *before* the work it guards, so concurrent requests cannot
//! slip past the limit together.

use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub max_attempts: u32,
    pub window_secs: i64,
}

const fn per(max_attempts: u32, minutes: i64) -> Policy {
    Policy {
        max_attempts,
        window_secs: minutes * 60,
    }
}

/// Guessing one account's password from one client: 5 failures per 15 minutes.
pub const LOGIN_PER_ACCOUNT_CLIENT: Policy = per(5, 15);
/// Spraying many accounts from one client: 20 failures per 15 minutes.
pub const LOGIN_PER_CLIENT: Policy = per(20, 15);
/// Guessing one account's password from many clients: a ceiling high enough
/// that a stranger cannot lock the owner out cheaply, 100 failures an hour.
pub const LOGIN_PER_ACCOUNT: Policy = per(100, 60);
/// New accounts from one client address (shared networks included).
pub const REGISTER_PER_CLIENT: Policy = per(20, 60);
/// Emails sent to one account on request (verification, password reset).
pub const EMAIL_PER_ACCOUNT: Policy = per(3, 60);
/// Emails requested from one client address.
pub const EMAIL_PER_CLIENT: Policy = per(10, 60);
/// Upload forms (each costs a processing invocation) per account.
pub const UPLOADS_PER_ACCOUNT: Policy = per(100, 60);
pub const UPLOADS_PER_CLIENT: Policy = per(300, 60);
/// Reports filed per account and per client address.
pub const REPORTS_PER_ACCOUNT: Policy = per(20, 60);
pub const REPORTS_PER_CLIENT: Policy = per(60, 60);

/// Attempts counted in the current window of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub attempts: u32,
    /// Epoch seconds when the window closes (also the item's TTL).
    pub ends_at: i64,
}

impl Policy {
    /// Seconds until the bucket may try again, when it is full.
    pub fn retry_after(&self, window: Option<&Window>, now: i64) -> Option<u64> {
        let window = window?;
        (window.attempts >= self.max_attempts && window.ends_at > now)
            .then(|| (window.ends_at - now) as u64)
    }
}

/// A bucket and the policy it is held to.
#[derive(Debug, Clone)]
pub struct Bucket {
    pub key: String,
    pub policy: Policy,
}

impl Bucket {
    pub fn new(scope: &str, subject: &str, policy: Policy) -> Self {
        Self {
            key: format!("{scope}#{subject}"),
            policy,
        }
    }
}

/// Reserves one attempt in every bucket, in order, or none: when a bucket is
/// full the ones already taken are given back and the caller gets 429 with
/// the wait.
pub async fn reserve(app: &App, buckets: &[Bucket], detail: &str, now: i64) -> Result<()> {
    for (taken, bucket) in buckets.iter().enumerate() {
        if let Some(retry_after_secs) = app.store.reserve(bucket, now).await? {
            give_back(app, &buckets[..taken]).await?;
            return Err(Error::RateLimited {
                detail: detail.to_owned(),
                retry_after_secs,
            });
        }
    }
    Ok(())
}

/// Counts one request against each bucket, or refuses it (429, Retry-After).
pub async fn limit(app: &App, buckets: &[Bucket]) -> Result<()> {
    let detail = "too many requests of this kind; try again later";
    reserve(app, buckets, detail, now().unix_timestamp()).await
}

/// Returns reserved attempts that turned out not to count (a right password).
pub async fn give_back(app: &App, buckets: &[Bucket]) -> Result<()> {
    for bucket in buckets {
        app.store.give_back(&bucket.key).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_at_the_limit_until_the_window_ends() {
        let w = |attempts| Window {
            attempts,
            ends_at: 1_000,
        };
        let policy = LOGIN_PER_ACCOUNT_CLIENT;
        assert_eq!(policy.retry_after(None, 100), None);
        assert_eq!(policy.retry_after(Some(&w(4)), 100), None);
        assert_eq!(policy.retry_after(Some(&w(5)), 100), Some(900));
        assert_eq!(policy.retry_after(Some(&w(50)), 1_000), None);
        assert_eq!(LOGIN_PER_CLIENT.retry_after(Some(&w(5)), 100), None);
    }
}
