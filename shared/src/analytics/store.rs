//! Per-post and per-author day counters, and each viewer's posts seen today.
//! Counters are added to with ADD (a day item per post: views are sampled,
//! so even a viral post's item takes few writes a second); a view is
//! deduplicated by the viewer's set of posts seen that day.

use crate::analytics::keys;
use crate::analytics::model::DayCounts;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::{Store, db, decode, n, s};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

/// A day's seen-set outlives the day in every time zone.
const SEEN_SECS: i64 = 2 * 86_400;

impl Store {
    /// Puts `event` on its way (an outbox item of its own: a report of
    /// views changes nothing else).
    pub async fn publish(&self, event: &Envelope) -> Result<()> {
        self.transact(vec![self.outbox_op(event)?]).await?.ok();
        Ok(())
    }

    /// Adds `posts` to what `viewer` saw on `day`; returns those it had not
    /// seen yet (so a redelivered report counts nothing). The whole old item
    /// comes back (ALL_OLD): an ADD that changes nothing returns no
    /// UPDATED_OLD attributes in moto.
    pub async fn first_seen(
        &self,
        viewer: &str,
        day: &str,
        posts: &[String],
    ) -> Result<Vec<String>> {
        let expires_at = crate::platform::clock::now().unix_timestamp() + SEEN_SECS;
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::seen(viewer, day)))
            .update_expression("ADD posts :posts SET expires_at = :expires")
            .expression_attribute_values(":posts", AttributeValue::Ss(posts.to_vec()))
            .expression_attribute_values(":expires", n(expires_at))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(db("UpdateItem"))?;
        let before = out
            .attributes
            .and_then(|mut old| old.remove("posts"))
            .and_then(|set| set.as_ss().ok().cloned())
            .unwrap_or_default();
        Ok(posts
            .iter()
            .filter(|p| !before.contains(p))
            .cloned()
            .collect())
    }

    /// Adds to a post's counters of `day` (`field` += `by`).
    pub async fn count_post_day(
        &self,
        post_id: &str,
        day: &str,
        field: &str,
        by: f64,
    ) -> Result<()> {
        self.add_to_day(keys::post_day(post_id, day), day, field, by)
            .await
    }

    /// Adds to an author's counters of `day`.
    pub async fn count_account_day(
        &self,
        user_id: &str,
        day: &str,
        field: &str,
        by: f64,
    ) -> Result<()> {
        self.add_to_day(keys::account_day(user_id, day), day, field, by)
            .await
    }

    async fn add_to_day(
        &self,
        key: crate::platform::store::Item,
        day: &str,
        field: &str,
        by: f64,
    ) -> Result<()> {
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .update_expression("ADD #field :by SET #day = :day")
            .expression_attribute_names("#field", field)
            .expression_attribute_names("#day", "day")
            .expression_attribute_values(":by", n(by))
            .expression_attribute_values(":day", s(day))
            .send()
            .await
            .map_err(db("UpdateItem"))?;
        Ok(())
    }

    /// A post's days from `first` on (one Query of its partition's day items).
    pub async fn post_days(&self, post_id: &str, first: &str) -> Result<Vec<DayCounts>> {
        self.days(crate::posts::keys::post_pk(post_id), first).await
    }

    /// An author's days from `first` on.
    pub async fn account_days(&self, user_id: &str, first: &str) -> Result<Vec<DayCounts>> {
        self.days(crate::accounts::keys::user_pk(user_id), first)
            .await
    }

    async fn days(&self, pk: String, first: &str) -> Result<Vec<DayCounts>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK BETWEEN :first AND :last")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":first", s(format!("{}{first}", keys::DAY_PREFIX)))
            .expression_attribute_values(":last", s(format!("{}~", keys::DAY_PREFIX)));
        self.query_all(query)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }
}
