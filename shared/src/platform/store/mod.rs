//! The table client: the `Store` handle, item codecs, transactions, batches
//! and pages. Each feature adds its own methods in its `store.rs`. Every
//! request path uses GetItem, Query, BatchGetItem or TransactWriteItems;
//! invariants are enforced by conditions, never by read-then-write. See
//! docs/data-model.md for the access-pattern table.

pub mod counters;
pub mod keys;
pub(crate) mod ops;
pub mod outbox;
pub mod suppression;
pub mod throttle;
pub(crate) mod transaction;
pub mod versions;

use crate::platform::cursor::Position;
use crate::platform::error::Error;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeValue, ConsumedCapacity, DeleteRequest, KeysAndAttributes, PutRequest,
    ReturnConsumedCapacity, TransactWriteItem, WriteRequest,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use transaction::{Failed, Transaction};

pub type Item = HashMap<String, AttributeValue>;

pub(crate) const NOT_EXISTS: &str = "attribute_not_exists(PK)";
pub(crate) const EXISTS: &str = "attribute_exists(PK)";

/// A handle on the table, cheap to clone; built once per cold start.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) client: aws_sdk_dynamodb::Client,
    pub(crate) table: String,
}

impl Store {
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, key: Item) -> Result<Option<T>, Error> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .consistent_read(true)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .map_err(db("GetItem"))?;
        spent("GetItem", out.consumed_capacity.as_slice());
        out.item.map(decode).transpose()
    }

    /// Opens the connection to the table (DNS, TCP, TLS) with the cheapest
    /// read there is — an eventually consistent GetItem of a key no item
    /// has, half a read unit — so the first request finds it pooled. A
    /// failure only means the first request connects itself.
    pub async fn warm_up(&self) {
        let outcome = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key("kith#warm-up".into(), "warm-up")))
            .send()
            .await;
        if let Err(err) = outcome {
            tracing::warn!(err = %aws_sdk_dynamodb::error::DisplayErrorContext(&err), "warm-up failed");
        }
    }
}

/// Encodes `value` as an item under the given key.
pub(crate) fn encode<T: Serialize>(key: Item, value: &T) -> Result<Item, Error> {
    let mut item: Item =
        serde_dynamo::to_item(value).map_err(|e| Error::internal("encode item", e))?;
    item.extend(key);
    Ok(item)
}

pub(crate) fn decode<T: DeserializeOwned>(item: Item) -> Result<T, Error> {
    serde_dynamo::from_item(item).map_err(|e| Error::internal("decode item", e))
}

/// The primary key of an item.
pub(crate) fn key(pk: String, sk: &str) -> Item {
    Item::from([("PK".into(), s(pk)), ("SK".into(), s(sk))])
}

pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(crate) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// Logs a call to the table at debug level with the capacity it consumed.
fn spent(operation: &'static str, capacity: &[ConsumedCapacity]) {
    let units: f64 = capacity.iter().filter_map(|c| c.capacity_units()).sum();
    tracing::debug!(operation, capacity_units = units, "DynamoDB call");
}

/// Maps an SDK failure to an internal error that keeps the service's message for the log.
pub(crate) fn db<E, R>(operation: &'static str) -> impl Fn(SdkError<E, R>) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    move |err| Error::internal(operation, err)
}

/// Sends independent requests, 16 at a time.
pub(crate) async fn concurrently<T, E, R>(
    requests: Vec<impl Future<Output = Result<T, SdkError<E, R>>>>,
    operation: &'static str,
) -> Result<(), Error>
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    use futures_util::StreamExt;
    let mut pending = futures_util::stream::iter(requests).buffer_unordered(16);
    while let Some(done) = pending.next().await {
        done.map_err(db(operation))?;
    }
    Ok(())
}

/// True when a conditional write failed its condition (the race was lost).
pub(crate) fn condition_failed<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    err.as_service_error()
        .and_then(ProvideErrorMetadata::code)
        .is_some_and(|code| code == "ConditionalCheckFailedException")
}

/// For a cancelled transaction, which of its items failed their condition.
pub(crate) fn cancelled_conditions<R>(
    err: &SdkError<aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError, R>,
) -> Option<Vec<bool>> {
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
    match err.as_service_error()? {
        TransactWriteItemsError::TransactionCanceledException(e) => Some(
            e.cancellation_reasons()
                .iter()
                .map(|r| r.code() == Some("ConditionalCheckFailed"))
                .collect(),
        ),
        _ => None,
    }
}

impl Store {
    /// Runs a transaction; on a lost condition says which parts failed.
    /// A transaction of one write is sent as that write alone: it is just as
    /// atomic and conditional, and costs half (a transaction bills every
    /// item, and its index copies, twice).
    pub(crate) async fn transact(
        &self,
        tx: impl Into<Transaction>,
    ) -> Result<Result<(), Failed>, Error> {
        let tx = tx.into();
        let names = tx.names();
        let mut items = tx.into_items();
        if let [single] = items.as_slice()
            && single.condition_check.is_none()
        {
            let held = self.write_one(items.remove(0)).await?;
            return Ok(if held {
                Ok(())
            } else {
                Err(Failed::new(names, vec![true]))
            });
        }
        match self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
        {
            Ok(out) => {
                spent("TransactWriteItems", out.consumed_capacity());
                Ok(Ok(()))
            }
            Err(err) => match cancelled_conditions(&err) {
                Some(lost) if lost.iter().any(|f| *f) => Ok(Err(Failed::new(names, lost))),
                _ => Err(db("TransactWriteItems")(err)),
            },
        }
    }

    /// One Put, Update or Delete of a transaction's, outside one: false when
    /// its condition failed.
    async fn write_one(&self, op: TransactWriteItem) -> Result<bool, Error> {
        fn ended<O, E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static, R>(
            operation: &'static str,
            sent: Result<O, SdkError<E, R>>,
        ) -> Result<bool, Error>
        where
            R: std::fmt::Debug + Send + Sync + 'static,
        {
            match sent {
                Ok(_) => Ok(true),
                Err(err) if condition_failed(&err) => Ok(false),
                Err(err) => Err(db(operation)(err)),
            }
        }
        let client = &self.client;
        if let Some(put) = op.put {
            let sent = client
                .put_item()
                .table_name(put.table_name)
                .set_item(Some(put.item))
                .set_condition_expression(put.condition_expression)
                .set_expression_attribute_names(put.expression_attribute_names)
                .set_expression_attribute_values(put.expression_attribute_values)
                .send()
                .await;
            ended("PutItem", sent)
        } else if let Some(update) = op.update {
            let sent = client
                .update_item()
                .table_name(update.table_name)
                .set_key(Some(update.key))
                .update_expression(update.update_expression)
                .set_condition_expression(update.condition_expression)
                .set_expression_attribute_names(update.expression_attribute_names)
                .set_expression_attribute_values(update.expression_attribute_values)
                .send()
                .await;
            ended("UpdateItem", sent)
        } else if let Some(delete) = op.delete {
            let sent = client
                .delete_item()
                .table_name(delete.table_name)
                .set_key(Some(delete.key))
                .set_condition_expression(delete.condition_expression)
                .set_expression_attribute_names(delete.expression_attribute_names)
                .set_expression_attribute_values(delete.expression_attribute_values)
                .send()
                .await;
            ended("DeleteItem", sent)
        } else {
            Err(Error::bug("an empty write"))
        }
    }
}

impl Store {
    /// Deletes the items with these keys (BatchWriteItem).
    pub(crate) async fn batch_delete(&self, keys: Vec<Item>) -> Result<(), Error> {
        let requests = keys
            .into_iter()
            .map(|key| {
                let delete = DeleteRequest::builder()
                    .set_key(Some(key))
                    .build()
                    .map_err(|e| Error::internal("build DeleteRequest", e))?;
                Ok(WriteRequest::builder().delete_request(delete).build())
            })
            .collect::<Result<_, Error>>()?;
        self.batch_write(requests).await
    }

    /// Deletes every item of partition `pk` (whose sort key begins with
    /// `sk_prefix`, when given), page by page, however many there are.
    /// Idempotent: what is gone is not found again.
    pub(crate) async fn delete_under(
        &self,
        pk: String,
        sk_prefix: Option<&str>,
    ) -> Result<(), Error> {
        let mut start = None;
        loop {
            let condition = match sk_prefix {
                Some(_) => "PK = :pk AND begins_with(SK, :prefix)",
                None => "PK = :pk",
            };
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression(condition)
                .expression_attribute_values(":pk", s(pk.clone()));
            if let Some(prefix) = sk_prefix {
                query = query.expression_attribute_values(":prefix", s(prefix));
            }
            let out = query
                .projection_expression("PK, SK")
                .set_exclusive_start_key(start)
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .map_err(db("Query"))?;
            spent("Query", out.consumed_capacity.as_slice());
            self.batch_delete(out.items.unwrap_or_default()).await?;
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(());
            }
        }
    }

    /// Every item a Query matches, page after page (for the scheduled
    /// jobs' reads of what falls due; request paths read one page).
    pub(crate) async fn query_all(
        &self,
        query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> Result<Vec<Item>, Error> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = query
                .clone()
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(db("Query"))?;
            items.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(items);
            }
        }
    }

    /// Puts these items (BatchWriteItem).
    pub(crate) async fn batch_put(&self, items: Vec<Item>) -> Result<(), Error> {
        let requests = items
            .into_iter()
            .map(|item| {
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .map_err(|e| Error::internal("build PutRequest", e))?;
                Ok(WriteRequest::builder().put_request(put).build())
            })
            .collect::<Result<_, Error>>()?;
        self.batch_write(requests).await
    }

    /// BatchWriteItem in chunks of 25, retrying unprocessed items with backoff.
    pub(crate) async fn batch_write(&self, requests: Vec<WriteRequest>) -> Result<(), Error> {
        for chunk in requests.chunks(25) {
            let mut pending = chunk.to_vec();
            for attempt in 0u32.. {
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, pending)
                    .return_consumed_capacity(ReturnConsumedCapacity::Total)
                    .send()
                    .await
                    .map_err(db("BatchWriteItem"))?;
                spent("BatchWriteItem", out.consumed_capacity());
                pending = out
                    .unprocessed_items
                    .and_then(|mut m| m.remove(&self.table))
                    .unwrap_or_default();
                if pending.is_empty() {
                    break;
                }
                if attempt == 8 {
                    return Err(Error::bug(
                        "BatchWriteItem kept returning unprocessed items",
                    ));
                }
                tokio::time::sleep(std::time::Duration::from_millis(25 << attempt)).await;
            }
        }
        Ok(())
    }

    /// BatchGetItem, 100 keys per call (duplicates dropped), retrying
    /// unprocessed keys with backoff; strongly consistent.
    pub(crate) async fn batch_get(&self, keys: Vec<Item>) -> Result<Vec<Item>, Error> {
        self.batch_read(keys, true).await
    }

    /// As [`Store::batch_get`], eventually consistent: half the read units,
    /// for pages that show what others wrote (a feed page, a list of posts
    /// or accounts) and may be a second behind it; not for a read that
    /// decides who may do what.
    pub(crate) async fn batch_get_recent(&self, keys: Vec<Item>) -> Result<Vec<Item>, Error> {
        self.batch_read(keys, false).await
    }

    async fn batch_read(&self, mut keys: Vec<Item>, consistent: bool) -> Result<Vec<Item>, Error> {
        let mut seen = HashSet::new();
        keys.retain(|key| {
            let part = |name| key.get(name).and_then(|v| v.as_s().ok()).cloned();
            seen.insert((part("PK"), part("SK")))
        });
        let mut found = Vec::new();
        for chunk in keys.chunks(100) {
            let mut pending = KeysAndAttributes::builder()
                .set_keys(Some(chunk.to_vec()))
                .consistent_read(consistent)
                .build()
                .map_err(|e| Error::internal("build KeysAndAttributes", e))?;
            for attempt in 0u32.. {
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, pending)
                    .return_consumed_capacity(ReturnConsumedCapacity::Total)
                    .send()
                    .await
                    .map_err(db("BatchGetItem"))?;
                spent("BatchGetItem", out.consumed_capacity());
                found.extend(
                    out.responses
                        .and_then(|mut r| r.remove(&self.table))
                        .unwrap_or_default(),
                );
                match out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)) {
                    Some(rest) if !rest.keys().is_empty() => pending = rest,
                    _ => break,
                }
                if attempt == 8 {
                    return Err(Error::bug("BatchGetItem kept returning unprocessed keys"));
                }
                tokio::time::sleep(std::time::Duration::from_millis(25 << attempt)).await;
            }
        }
        Ok(found)
    }

    /// One page of a Query on `pk_attr = pk` (an index when `index` is set),
    /// newest first, resuming after `after`.
    pub(crate) async fn query_page<T: DeserializeOwned>(
        &self,
        index: Option<&str>,
        pk_attr: &str,
        pk: String,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<T>, Option<Position>), Error> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(index.map(Into::into))
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", pk_attr)
            .expression_attribute_values(":pk", s(pk))
            .scan_index_forward(false)
            .limit(limit);
        run_page(query, after).await
    }
}

/// Runs a Query as one page: resumes after `after`, decodes the items and
/// says where the next page starts.
pub(crate) async fn run_page<T: DeserializeOwned>(
    query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    after: Option<Position>,
) -> Result<(Vec<T>, Option<Position>), Error> {
    let start = after.map(|p| {
        p.into_iter()
            .map(|(k, v)| {
                let value = if keys::NUMERIC_SORT_KEYS.contains(&k.as_str()) {
                    AttributeValue::N(v)
                } else {
                    s(v)
                };
                (k, value)
            })
            .collect()
    });
    let out = query
        .set_exclusive_start_key(start)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .map_err(db("Query"))?;
    spent("Query", out.consumed_capacity.as_slice());
    let items = out
        .items
        .unwrap_or_default()
        .into_iter()
        .map(decode)
        .collect::<Result<_, _>>()?;
    let next = out.last_evaluated_key.map(|key| {
        key.into_iter()
            .filter_map(|(k, v)| match v {
                AttributeValue::S(v) | AttributeValue::N(v) => Some((k, v)),
                _ => None,
            })
            .collect()
    });
    Ok((items, next))
}
