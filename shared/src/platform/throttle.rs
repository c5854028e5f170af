//! Login throttling policy: a fixed window of failed attempts per bucket
//! (an account, a client IP).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_failures: u32,
    pub window_secs: i64,
}

/// Guessing one account's password: 5 failures per 15 minutes.
pub const PER_ACCOUNT: Policy = Policy {
    max_failures: 5,
    window_secs: 15 * 60,
};

/// Spraying many accounts from one address: 20 failures per 15 minutes.
pub const PER_CLIENT_IP: Policy = Policy {
    max_failures: 20,
    window_secs: 15 * 60,
};

/// Failures counted in the current window of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub failures: u32,
    /// Epoch seconds when the window closes (also the item's TTL).
    pub ends_at: i64,
}

impl Policy {
    /// Seconds until the bucket may try again, when it is locked out.
    pub fn retry_after(&self, window: Option<&Window>, now: i64) -> Option<u64> {
        let window = window?;
        (window.failures >= self.max_failures && window.ends_at > now)
            .then(|| (window.ends_at - now) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_out_at_the_limit_until_the_window_ends() {
        let w = |failures| Window {
            failures,
            ends_at: 1_000,
        };
        assert_eq!(PER_ACCOUNT.retry_after(None, 100), None);
        assert_eq!(PER_ACCOUNT.retry_after(Some(&w(4)), 100), None);
        assert_eq!(PER_ACCOUNT.retry_after(Some(&w(5)), 100), Some(900));
        assert_eq!(PER_ACCOUNT.retry_after(Some(&w(50)), 1_000), None);
        assert_eq!(PER_CLIENT_IP.retry_after(Some(&w(5)), 100), None);
    }
}
