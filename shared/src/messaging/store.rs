//! Conversations, memberships, messages and settings on the single table.
//! Every item carries a `rev`; each write is a put conditional on the rev
//! that was read (or on the item's absence), so racing writers never
//! overwrite each other: the loser reads again and retries. A change and its
//! outbox event are one transaction.

use crate::messaging::keys;
use crate::messaging::model::{Conversation, Membership, Message, Settings};
use crate::platform::cursor::Position;
use crate::platform::error::{Error, Result};
use crate::platform::events::Envelope;
use crate::platform::idempotency::IdempotencyRecord;
use crate::platform::store::keys::owned_by;
use crate::platform::store::ops::{delete_op, put_if};
use crate::platform::store::transaction::Transaction;
use crate::platform::store::{Item, NOT_EXISTS, Store, decode, encode, n, s};
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

const IDEMPOTENCY: &str = "idempotency";
const DIRECT: &str = "direct";
const MEDIA: &str = "media";

/// The guard of a pair's direct conversation.
#[derive(Serialize, Deserialize)]
struct Direct {
    conversation_id: String,
}

/// The writes of one change, committed together.
#[derive(Default)]
pub struct Writes {
    tx: Transaction,
    error: Option<Error>,
    idempotency: Option<(String, String)>,
    direct: Option<(String, String)>,
}

/// How a commit ended.
#[derive(Debug)]
pub enum Committed {
    Done,
    /// The idempotency key was used before: its record.
    Replayed(IdempotencyRecord),
    /// The pair has a direct conversation already: its id.
    DirectExists(String),
    /// An image is attached elsewhere already (or no longer ready).
    MediaTaken,
    /// Something read has changed meanwhile: read again and retry.
    Raced,
}

impl Writes {
    /// Adds a write; the first that cannot be built fails the commit.
    fn add(&mut self, name: &'static str, op: Result<TransactWriteItem>) {
        match op {
            Ok(op) => {
                self.tx.add(name, op);
            }
            Err(err) => {
                self.error.get_or_insert(err);
            }
        }
    }

    /// Writes `value` under `key`, bumping its rev, if nobody wrote it since it was read.
    fn versioned<T: Serialize>(
        &mut self,
        store: &Store,
        name: &'static str,
        key: Item,
        value: &T,
        rev: &mut u64,
        extra: Item,
    ) {
        let expected = *rev;
        *rev += 1;
        let op = encode(key, value).and_then(|mut item| {
            item.insert("rev".into(), n(*rev));
            item.extend(extra);
            if expected == 0 {
                put_if(&store.table, item, Some(NOT_EXISTS), None)
            } else {
                let values = Item::from([(":rev".into(), n(expected))]);
                put_if(&store.table, item, Some("#rev = :rev"), Some(values))
            }
        });
        self.add(name, op);
    }

    pub fn conversation(&mut self, store: &Store, c: &mut Conversation) -> &mut Self {
        let mut rev = c.rev;
        self.versioned(
            store,
            "conversation",
            keys::conversation(&c.id),
            &*c,
            &mut rev,
            Item::new(),
        );
        c.rev = rev;
        self
    }

    pub fn membership(&mut self, store: &Store, m: &mut Membership) -> &mut Self {
        let mut rev = m.rev;
        let key = keys::member(&m.conversation_id, &m.user_id);
        self.versioned(
            store,
            "membership",
            key,
            &*m,
            &mut rev,
            owned_by(
                keys::box_attributes(m),
                &m.user_id,
                format!("MEMBER#{}", m.conversation_id),
            ),
        );
        m.rev = rev;
        self
    }

    /// Removes a membership, if nobody wrote it since it was read.
    pub fn drop_membership(&mut self, store: &Store, m: &Membership) -> &mut Self {
        let values = Item::from([(":rev".into(), n(m.rev))]);
        let key = keys::member(&m.conversation_id, &m.user_id);
        let op = delete_op(&store.table, key, Some("#rev = :rev"), Some(values));
        self.add("membership", op);
        self
    }

    pub fn message(&mut self, store: &Store, m: &mut Message) -> &mut Self {
        let mut rev = m.rev;
        // A tombstone names its sender in no key (erasure found it already).
        let mut extra = if m.deleted {
            Item::new()
        } else {
            let what = format!("MESSAGE#{}#{}", m.conversation_id, m.id);
            owned_by(Item::new(), &m.sender_id, what)
        };
        if let Some(at) = m.expires_at {
            extra.insert("expires_at".into(), n(at));
        }
        let key = keys::message(&m.conversation_id, &m.id);
        self.versioned(store, "message", key, &*m, &mut rev, extra);
        m.rev = rev;
        self
    }

    pub fn event(&mut self, store: &Store, event: &Envelope) -> &mut Self {
        self.add("event", store.outbox_op(event));
        self
    }

    pub fn idempotency(&mut self, store: &Store, record: &IdempotencyRecord) -> &mut Self {
        self.idempotency = Some((record.user_id.clone(), record.key.clone()));
        self.add(IDEMPOTENCY, record.put_op(&store.table));
        self
    }

    /// Attaches a message's images to it (each to one message or post only).
    pub fn attach(&mut self, store: &Store, m: &Message) -> &mut Self {
        match store.attach_ops(&m.id, &m.sender_id, &m.media) {
            Ok(ops) => {
                self.tx.add_all(MEDIA, ops);
            }
            Err(err) => {
                self.error.get_or_insert(err);
            }
        }
        self
    }

    /// Claims the pair's one direct conversation (ids in order).
    pub fn direct(&mut self, store: &Store, pair: &(String, String), id: &str) -> &mut Self {
        self.direct = Some(pair.clone());
        let guard = Direct {
            conversation_id: id.to_owned(),
        };
        let op = encode(keys::direct(&pair.0, &pair.1), &guard)
            .and_then(|item| put_if(&store.table, item, Some(NOT_EXISTS), None));
        self.add(DIRECT, op);
        self
    }
}

impl Store {
    pub async fn commit(&self, writes: Writes) -> Result<Committed> {
        if let Some(err) = writes.error {
            return Err(err);
        }
        let failed = match self.transact(writes.tx).await? {
            Ok(()) => return Ok(Committed::Done),
            Err(failed) => failed,
        };
        if failed.has(IDEMPOTENCY)
            && let Some((user, key)) = &writes.idempotency
        {
            let record = self
                .idempotency_record(user, key)
                .await?
                .ok_or_else(|| Error::bug("idempotency record vanished"))?;
            return Ok(Committed::Replayed(record));
        }
        if failed.has(DIRECT)
            && let Some((a, b)) = &writes.direct
        {
            let guard: Direct = self
                .get(keys::direct(a, b))
                .await?
                .ok_or_else(|| Error::bug("direct conversation guard vanished"))?;
            return Ok(Committed::DirectExists(guard.conversation_id));
        }
        if failed.has(MEDIA) {
            return Ok(Committed::MediaTaken);
        }
        Ok(Committed::Raced)
    }

    pub async fn conversation(&self, id: &str) -> Result<Option<Conversation>> {
        self.get(keys::conversation(id)).await
    }

    /// A conversation and `user_id`'s membership of it, in one BatchGetItem.
    pub async fn conversation_for(
        &self,
        id: &str,
        user_id: &str,
    ) -> Result<(Option<Conversation>, Option<Membership>)> {
        let items = self
            .batch_get(vec![keys::conversation(id), keys::member(id, user_id)])
            .await?;
        let (mut conversation, mut membership) = (None, None);
        for item in items {
            let is_meta = item
                .get("SK")
                .and_then(|v| v.as_s().ok())
                .is_some_and(|sk| sk == "META");
            if is_meta {
                conversation = Some(decode(item)?);
            } else {
                membership = Some(decode(item)?);
            }
        }
        Ok((conversation, membership))
    }

    pub async fn membership(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<Membership>> {
        self.get(keys::member(conversation_id, user_id)).await
    }

    /// One page of a member's inbox or request inbox: pinned first, then by last activity.
    pub async fn box_page(
        &self,
        box_pk: String,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Membership>, Option<Position>)> {
        self.query_page(Some("GSI1"), "GSI1PK", box_pk, limit, after)
            .await
    }

    /// Every membership in a box (for the unread total): one Query per
    /// 1 MB, projected to what the count needs.
    pub async fn whole_box(&self, box_pk: String) -> Result<Vec<Membership>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = self.box_page(box_pk.clone(), 1000, after).await?;
            all.extend(page);
            match next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn message(
        &self,
        conversation_id: &str,
        message_id: &str,
    ) -> Result<Option<Message>> {
        self.get(keys::message(conversation_id, message_id)).await
    }

    /// One page of a conversation's messages, newest first.
    pub async fn messages_page(
        &self,
        conversation_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Message>, Option<Position>)> {
        self.query_page(None, "PK", keys::messages_pk(conversation_id), limit, after)
            .await
    }

    /// Which of `others` have a direct conversation with `me` (one BatchGetItem per 100).
    pub async fn direct_peers(&self, me: &str, others: &[&str]) -> Result<Vec<String>> {
        let keys = others
            .iter()
            .map(|o| {
                let (a, b) = crate::messaging::model::pair(me, o);
                keys::direct(&a, &b)
            })
            .collect();
        let found = self.batch_get(keys).await?;
        Ok(others
            .iter()
            .filter(|o| {
                let (a, b) = crate::messaging::model::pair(me, o);
                let pk = keys::direct(&a, &b).remove("PK");
                found.iter().any(|item| item.get("PK") == pk.as_ref())
            })
            .map(|o| (*o).to_owned())
            .collect())
    }

    /// Forgets a pair's direct conversation (one of them was erased).
    pub async fn forget_direct(&self, pair: &(String, String)) -> Result<()> {
        self.batch_delete(vec![keys::direct(&pair.0, &pair.1)])
            .await
    }

    /// The pair's direct conversation, if they have one.
    pub async fn direct_conversation(&self, pair: &(String, String)) -> Result<Option<String>> {
        let guard: Option<Direct> = self.get(keys::direct(&pair.0, &pair.1)).await?;
        Ok(guard.map(|g| g.conversation_id))
    }

    pub async fn messaging_settings(&self, user_id: &str) -> Result<Settings> {
        Ok(self.get(keys::settings(user_id)).await?.unwrap_or_default())
    }

    /// The settings of several accounts (defaults for those who set none).
    pub async fn messaging_settings_of(
        &self,
        user_ids: &[&str],
    ) -> Result<Vec<(String, Settings)>> {
        #[derive(Deserialize)]
        struct Stored {
            #[serde(rename = "PK")]
            pk: String,
            #[serde(flatten)]
            settings: Settings,
        }
        let found: Vec<Stored> = self
            .batch_get(user_ids.iter().map(|u| keys::settings(u)).collect())
            .await?
            .into_iter()
            .map(decode)
            .collect::<Result<_>>()?;
        Ok(user_ids
            .iter()
            .map(|&user| {
                let pk = crate::accounts::keys::user_pk(user);
                let settings = found
                    .iter()
                    .find(|f| f.pk == pk)
                    .map(|f| f.settings.clone())
                    .unwrap_or_default();
                (user.to_owned(), settings)
            })
            .collect())
    }

    pub async fn put_messaging_settings(&self, user_id: &str, settings: &Settings) -> Result<()> {
        self.batch_put(vec![encode(keys::settings(user_id), settings)?])
            .await
    }
}

impl Store {
    /// A conversation with every membership (its whole partition: one Query).
    pub async fn conversation_whole(
        &self,
        id: &str,
    ) -> Result<Option<(Conversation, Vec<Membership>)>> {
        let mut conversation = None;
        let mut members = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk")
                .expression_attribute_values(":pk", s(keys::conversation_pk(id)))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(crate::platform::store::db("Query"))?;
            for item in out.items.unwrap_or_default() {
                let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned();
                match sk.as_deref() {
                    Some("META") => conversation = Some(decode(item)?),
                    Some(sk) if sk.starts_with(keys::MEMBER_PREFIX) => members.push(decode(item)?),
                    _ => {}
                }
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(conversation.map(|c| (c, members)));
            }
        }
    }
}

impl Store {
    /// Messages of one conversation by id (one BatchGetItem per 100).
    pub async fn messages(&self, conversation_id: &str, ids: &[&str]) -> Result<Vec<Message>> {
        self.batch_get(
            ids.iter()
                .map(|id| keys::message(conversation_id, id))
                .collect(),
        )
        .await?
        .into_iter()
        .map(decode)
        .collect()
    }
}
