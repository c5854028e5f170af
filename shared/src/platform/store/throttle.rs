//! Rate-limit windows: one item per bucket, counted with atomic updates.

use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::encode;
use crate::platform::store::keys;
use crate::platform::store::n;
use crate::platform::throttle::Bucket;
use crate::platform::throttle::Window;

impl Store {
    /// Takes one attempt in `bucket`: inside the open window with an atomic
    /// ADD that holds only while there is room, otherwise by opening a new
    /// window. Returns the seconds to wait when the window is full. Races
    /// between instances can neither lose an attempt nor pass the limit.
    pub async fn reserve(&self, bucket: &Bucket, now: i64) -> Result<Option<u64>> {
        for _ in 0..3 {
            let added = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(keys::throttle(&bucket.key)))
                .update_expression("ADD attempts :one")
                .condition_expression("ends_at > :now AND attempts < :max")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", n(now))
                .expression_attribute_values(":max", n(bucket.policy.max_attempts))
                .send()
                .await;
            match added {
                Ok(_) => return Ok(None),
                Err(err) if condition_failed(&err) => {}
                Err(err) => return Err(db("UpdateItem")(err)),
            }
            let window: Option<Window> = self.get(keys::throttle(&bucket.key)).await?;
            if let Some(wait) = bucket.policy.retry_after(window.as_ref(), now) {
                return Ok(Some(wait));
            }
            let window = Window {
                attempts: 1,
                ends_at: now + bucket.policy.window_secs,
            };
            let mut item = encode(keys::throttle(&bucket.key), &window)?;
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
                Ok(_) => return Ok(None),
                // Another instance opened the window first: count inside it.
                Err(err) if condition_failed(&err) => {}
                Err(err) => return Err(db("PutItem")(err)),
            }
        }
        Err(Error::bug("could not reserve an attempt"))
    }

    /// Gives one reserved attempt back (never below zero).
    pub async fn give_back(&self, bucket: &str) -> Result<()> {
        let given = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::throttle(bucket)))
            .update_expression("ADD attempts :minus")
            .condition_expression("attempts > :zero")
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await;
        match given {
            Ok(_) => Ok(()),
            Err(err) if condition_failed(&err) => Ok(()),
            Err(err) => Err(db("UpdateItem")(err)),
        }
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
