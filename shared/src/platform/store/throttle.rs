//! Failed-login counters, one item per bucket with a TTL, so the limit holds
//! across every Lambda instance.

use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::encode;
use crate::platform::store::keys;
use crate::platform::store::n;
use crate::platform::throttle::Policy;
use crate::platform::throttle::Window;

impl Store {
    pub async fn throttle_window(&self, bucket: &str) -> Result<Option<Window>> {
        self.get(keys::throttle(bucket)).await
    }

    /// Counts one failure: inside the current window with an atomic ADD,
    /// otherwise by opening a new window. Races between instances cannot lose a count.
    pub async fn record_failure(&self, bucket: &str, policy: &Policy, now: i64) -> Result<()> {
        for _ in 0..3 {
            let added = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(keys::throttle(bucket)))
                .update_expression("ADD failures :one")
                .condition_expression("ends_at > :now")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", n(now))
                .send()
                .await;
            match added {
                Ok(_) => return Ok(()),
                Err(err) if condition_failed(&err) => {}
                Err(err) => return Err(db("UpdateItem")(err)),
            }
            let window = Window {
                failures: 1,
                ends_at: now + policy.window_secs,
            };
            let mut item = encode(keys::throttle(bucket), &window)?;
            item.insert("expires_at".into(), n(window.ends_at));
            let opened = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(PK) OR ends_at <= :now")
                .set_expression_attribute_values(Some(Item::from([(":now".into(), n(now))])))
                .send()
                .await;
            match opened {
                Ok(_) => return Ok(()),
                // Another instance opened the window first: count inside it.
                Err(err) if condition_failed(&err) => {}
                Err(err) => return Err(db("PutItem")(err)),
            }
        }
        Err(Error::bug("could not record a login failure"))
    }

    pub async fn clear_throttle(&self, bucket: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(keys::throttle(bucket)))
            .send()
            .await
            .map_err(db("DeleteItem"))?;
        Ok(())
    }
}
