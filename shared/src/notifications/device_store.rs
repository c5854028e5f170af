//! Devices and held pushes. A device is listed under its account and owned
//! through a guard item on its endpoint, so a token registered by another
//! account moves to it in the same transaction.

use crate::notifications::keys;
use crate::notifications::model::Device;
use crate::platform::error::Result;
use crate::platform::store::ops::{delete_op, put_op, update_op};
use crate::platform::store::transaction::Transaction;
use crate::platform::store::{Item, Store, db, decode, encode, n, s};
use serde::{Deserialize, Serialize};

/// Held pushes fall due in quarter hours.
pub const SLOT_MS: i64 = 15 * 60 * 1000;

#[derive(Debug, Serialize, Deserialize)]
struct Owner {
    user_id: String,
}

/// What an account's quiet hours hold: how many notifications, until
/// when, and for which channels the summary is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub user_id: String,
    pub count: u64,
    /// Epoch milliseconds.
    pub release_at: i64,
    #[serde(default)]
    pub by_push: bool,
    #[serde(default)]
    pub by_email: bool,
}

impl Store {
    pub async fn devices(&self, user_id: &str) -> Result<Vec<Device>> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", s(crate::accounts::keys::user_pk(user_id)))
            .expression_attribute_values(":prefix", s(keys::DEVICE_PREFIX))
            .send()
            .await
            .map_err(db("Query"))?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(decode)
            .collect()
    }

    /// The account an endpoint belongs to now.
    pub async fn endpoint_owner(&self, device_id: &str) -> Result<Option<String>> {
        let owner: Option<Owner> = self.get(keys::endpoint_owner(device_id)).await?;
        Ok(owner.map(|o| o.user_id))
    }

    /// Lists `device` under its account and takes its endpoint from
    /// `previous` (another account it belonged to), if any.
    pub async fn put_device(&self, device: &Device, previous: Option<&str>) -> Result<()> {
        let owner = Owner {
            user_id: device.user_id.clone(),
        };
        let mut tx = Transaction::new();
        tx.add(
            "owner",
            put_op(
                &self.table,
                encode(keys::endpoint_owner(&device.id), &owner)?,
                None,
            )?,
        )
        .add(
            "device",
            put_op(
                &self.table,
                encode(keys::device(&device.user_id, &device.id), device)?,
                None,
            )?,
        );
        if let Some(previous) = previous.filter(|p| *p != device.user_id) {
            tx.add(
                "previous",
                delete_op(&self.table, keys::device(previous, &device.id), None, None)?,
            );
        }
        self.transact(tx).await?.ok();
        Ok(())
    }

    /// Removes an account's device and, if it still owns it, the endpoint's
    /// guard; the device as it was (None: not there).
    pub async fn remove_device(&self, user_id: &str, device_id: &str) -> Result<Option<Device>> {
        let Some(device) = self.get::<Device>(keys::device(user_id, device_id)).await? else {
            return Ok(None);
        };
        let values = Item::from([(":me".into(), s(user_id))]);
        let guard = delete_op(
            &self.table,
            keys::endpoint_owner(device_id),
            Some("user_id = :me"),
            Some(values),
        )?;
        let mut tx = Transaction::new();
        tx.add(
            "device",
            delete_op(&self.table, keys::device(user_id, device_id), None, None)?,
        )
        .add("owner", guard);
        if self.transact(tx).await?.is_err() {
            // Another account owns the endpoint now: only my listing goes.
            let op = delete_op(&self.table, keys::device(user_id, device_id), None, None)?;
            self.transact(vec![op]).await?.ok();
        }
        Ok(Some(device))
    }

    /// Counts one more notification held until `release_at`, for push
    /// and/or email.
    pub async fn hold(
        &self,
        user_id: &str,
        release_at: i64,
        by_push: bool,
        by_email: bool,
    ) -> Result<()> {
        let slot = (release_at + SLOT_MS - 1).div_euclid(SLOT_MS);
        let mut values = Item::from([
            (":one".into(), n(1)),
            (":user".into(), s(user_id)),
            (":at".into(), n(release_at)),
            (":pk".into(), s(keys::held_pk(slot))),
        ]);
        let mut set =
            "SET user_id = :user, release_at = :at, GSI1PK = :pk, GSI1SK = :user".to_owned();
        for (wanted, attribute) in [(by_push, "by_push"), (by_email, "by_email")] {
            if wanted {
                set.push_str(&format!(", {attribute} = :yes"));
                values.insert(
                    ":yes".into(),
                    aws_sdk_dynamodb::types::AttributeValue::Bool(true),
                );
            }
        }
        let op = update_op(
            &self.table,
            keys::held(user_id),
            &format!("{set} ADD #count :one"),
            "attribute_not_exists(PK) OR release_at = :at",
            values,
        )?;
        if self.transact(vec![op]).await?.is_err() {
            // Left from an earlier night that was never released: start over.
            let fresh = Held {
                user_id: user_id.to_owned(),
                count: 1,
                release_at,
                by_push,
                by_email,
            };
            let mut item = encode(keys::held(user_id), &fresh)?;
            item.insert("GSI1PK".into(), s(keys::held_pk(slot)));
            item.insert("GSI1SK".into(), s(user_id));
            self.transact(vec![put_op(&self.table, item, None)?])
                .await?
                .ok();
        }
        Ok(())
    }

    /// The held pushes due in quarter hour `slot`.
    pub async fn held_in(&self, slot: i64) -> Result<Vec<Held>> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(":pk", s(keys::held_pk(slot)));
        self.query_all(query)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Forgets held pushes once summarised (unless a new night began).
    pub async fn release_held(&self, held: &Held) -> Result<()> {
        let values = Item::from([(":at".into(), n(held.release_at))]);
        let op = delete_op(
            &self.table,
            keys::held(&held.user_id),
            Some("release_at = :at"),
            Some(values),
        )?;
        self.transact(vec![op]).await?.ok();
        Ok(())
    }
}
