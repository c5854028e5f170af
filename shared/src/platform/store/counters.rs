//! Daily activity counters, what the operators' daily report reads: one
//! item per UTC day and shard (`STATS#<day>` / `SHARD#<n>`), each metric an
//! attribute added to with `ADD`. Writes spread over the shards so no item
//! runs hot; a day reads back with one Query of its few shards (no Scan).
//! Counting an event is guarded by its id, so a redelivery counts nothing.

use crate::platform::error::Result;
use crate::platform::store::{Item, Store, condition_failed, db, key, n, s};
use std::collections::BTreeMap;

/// Shards per day: each takes at most a few hundred writes a second.
pub const SHARDS: u32 = 8;
/// An event's guard outlives every redelivery (EventBridge retries for a day).
const GUARD_SECS: i64 = 2 * 86_400;
/// Metric: handler failures (5xx answers, failed events), and per function
/// under `function_errors:<function>`.
pub const FUNCTION_ERRORS: &str = "function_errors";

/// The UTC day (`YYYY-MM-DD`) of an instant in epoch milliseconds.
pub fn day_of(ms: i64) -> String {
    let at = crate::platform::clock::from_millis(ms);
    format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

fn shard_pk(day: &str) -> String {
    format!("STATS#{day}")
}

/// A shard picked by a value that varies (an id's random part).
fn shard_of(spread: &str) -> u32 {
    spread
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into()))
        % SHARDS
}

impl Store {
    /// Adds `by` to each metric of `day`, in the shard `spread` picks.
    pub async fn count(&self, day: &str, metrics: &[&str], by: i64, spread: &str) -> Result<()> {
        if metrics.is_empty() {
            return Ok(());
        }
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(
                shard_pk(day),
                &format!("SHARD#{}", shard_of(spread)),
            )))
            .expression_attribute_values(":by", n(by));
        let mut adds = Vec::new();
        for (i, metric) in metrics.iter().enumerate() {
            update = update.expression_attribute_names(format!("#m{i}"), *metric);
            adds.push(format!("#m{i} :by"));
        }
        update
            .update_expression(format!("ADD {}", adds.join(", ")))
            .send()
            .await
            .map_err(db("UpdateItem"))?;
        Ok(())
    }

    /// Counts the metrics of event `event_id` once: false if it was counted
    /// already (a redelivery). The guard goes first, so a failure between
    /// the two writes loses a count rather than doubling one.
    pub async fn count_event(&self, event_id: &str, day: &str, metrics: &[&str]) -> Result<bool> {
        let expires_at = crate::platform::clock::now().unix_timestamp() + GUARD_SECS;
        let guard = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Item::from([
                ("PK".into(), s(format!("COUNTED#{event_id}"))),
                ("SK".into(), s("COUNTED")),
                ("expires_at".into(), n(expires_at)),
            ])))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match guard {
            Ok(_) => {}
            Err(err) if condition_failed(&err) => return Ok(false),
            Err(err) => return Err(db("PutItem")(err)),
        }
        self.count(day, metrics, 1, event_id).await?;
        Ok(true)
    }

    /// Counts a failure of `function` (never fails itself: it is called on
    /// the way out of a failure, which matters more).
    pub async fn count_error(&self, function: &str) {
        let day = day_of(crate::platform::clock::now_ms());
        let per_function = format!("{FUNCTION_ERRORS}:{function}");
        let spread = ulid::Ulid::generate().to_string();
        if let Err(err) = self
            .count(&day, &[FUNCTION_ERRORS, &per_function], 1, &spread)
            .await
        {
            tracing::warn!(%err, function, "the failure could not be counted");
        }
    }

    /// Every metric of `day`, summed over its shards.
    pub async fn counters(&self, day: &str) -> Result<BTreeMap<String, i64>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", s(shard_pk(day)));
        let mut totals = BTreeMap::new();
        for item in self.query_all(query).await? {
            for (name, value) in item {
                if let Ok(number) = value.as_n()
                    && let Ok(number) = number.parse::<i64>()
                {
                    *totals.entry(name).or_default() += number;
                }
            }
        }
        Ok(totals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_and_shards_stay_in_range() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(1_796_169_599_999), "2026-12-01");
        assert_eq!(day_of(1_796_169_600_000), "2026-12-02");
        let ids = (0..100).map(|i| format!("01J{i}"));
        let used: std::collections::HashSet<u32> = ids.map(|id| shard_of(&id)).collect();
        assert!(used.iter().all(|s| *s < SHARDS) && used.len() > 1);
    }
}
