//! Communities: the community item and its name guard, memberships (listed
//! per community on GSI1 and per account on GSI2), join requests, bans, and
//! the public mod log. Every moderator action writes its log entry and its
//! `mod.action` event in the same transaction as the action.

use crate::communities::keys;
use crate::communities::model::Ban;
use crate::communities::model::Community;
use crate::communities::model::Membership;
use crate::communities::model::Role;
use crate::platform::clock::{RACE_ATTEMPTS, back_off};
use crate::platform::cursor::Position;
use crate::platform::error::{Clash, Error, Result};
use crate::platform::events::Envelope;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::NOT_EXISTS;
use crate::platform::store::Store;
use crate::platform::store::decode;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use serde::{Deserialize, Serialize};

/// Communities read together with one account's memberships and bans in them.
#[derive(Debug, Default)]
pub struct CommunityItems {
    pub communities: Vec<Community>,
    pub memberships: Vec<Membership>,
    pub bans: Vec<Ban>,
}

/// One line of a community's public moderation log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModLogEntry {
    /// ULID: the log reads newest first.
    pub id: String,
    pub community_id: String,
    pub moderator_id: String,
    /// `remove_post`, `remove_comment`, `lock`, `unlock`, `pin`, `unpin`,
    /// `ban`, `unban`, `add_moderator`, `remove_moderator`,
    /// `transfer_ownership`, `approve_member`, `reject_member`.
    pub action: String,
    /// `post:<id>`, `comment:<id>` or `user:<id>`.
    pub target: String,
    pub reason: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
}

/// A pending request to join a private community.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinRequest {
    pub community_id: String,
    pub user_id: String,
    pub created_at: i64,
}

/// Lists a community keeps on GSI1, newest first.
#[derive(Debug, Clone, Copy)]
pub enum CommunityList {
    Members,
    JoinRequests,
    Bans,
}

impl CommunityList {
    fn tag(self) -> &'static str {
        match self {
            Self::Members => "MEMBERS",
            Self::JoinRequests => "JOINREQS",
            Self::Bans => "BANS",
        }
    }
}

/// Index attributes placing an account's item in a community list.
pub(super) fn listed(
    mut item: Item,
    list: CommunityList,
    community_id: &str,
    user_id: &str,
    at: i64,
) -> Item {
    item.insert(
        "GSI1PK".into(),
        s(keys::community_list(list.tag(), community_id)),
    );
    item.insert("GSI1SK".into(), s(format!("{at:013}#{user_id}")));
    item
}

/// The community's members, and each account's communities (GSI2).
pub(super) fn membership_item(membership: &Membership) -> Result<Item> {
    let key = keys::membership(&membership.community_id, &membership.user_id);
    let mut item = listed(
        encode(key, membership)?,
        CommunityList::Members,
        &membership.community_id,
        &membership.user_id,
        membership.joined_at,
    );
    item.insert(
        "GSI2PK".into(),
        s(keys::memberships_pk(&membership.user_id)),
    );
    item.insert(
        "GSI2SK".into(),
        s(format!(
            "{:013}#{}",
            membership.joined_at, membership.community_id
        )),
    );
    Ok(item)
}

/// Guard items point at the community that owns the name.
#[derive(Serialize, Deserialize)]
struct NameGuard {
    community_id: String,
}

impl Store {
    /// Creates the community with its owner as first member; false if the
    /// name is taken.
    pub async fn create_community(
        &self,
        community: &Community,
        name_key: &str,
        owner: &Membership,
    ) -> Result<bool> {
        let guard = NameGuard {
            community_id: community.id.clone(),
        };
        let ops = vec![
            put_op(
                &self.table,
                encode(keys::community(&community.id), community)?,
                Some(NOT_EXISTS),
            )?,
            put_op(
                &self.table,
                encode(keys::community_name(name_key), &guard)?,
                Some(NOT_EXISTS),
            )?,
            put_op(&self.table, membership_item(owner)?, Some(NOT_EXISTS))?,
        ];
        Ok(self.transact(ops).await?.is_ok())
    }

    pub async fn community(&self, id: &str) -> Result<Option<Community>> {
        self.get(keys::community(id)).await
    }

    /// Takes a deleted post out of its community's pins, if it is there
    /// (retried when the pins change meanwhile).
    pub async fn drop_pin(&self, community_id: &str, post_id: &str) -> Result<()> {
        for attempt in 0..RACE_ATTEMPTS {
            let Some(community) = self.community(community_id).await? else {
                return Ok(());
            };
            let Some(index) = community.pinned.iter().position(|p| p == post_id) else {
                return Ok(());
            };
            let op = update_op(
                &self.table,
                keys::community(community_id),
                &format!("REMOVE pinned[{index}]"),
                &format!("pinned[{index}] = :id"),
                Item::from([(":id".into(), s(post_id))]),
            )?;
            if self.transact(vec![op]).await?.is_ok() {
                return Ok(());
            }
            back_off(attempt).await;
        }
        Err(Error::clash(
            Clash::Changed,
            "the community's pins kept changing; try again",
        ))
    }

    pub async fn community_by_name(&self, name_key: &str) -> Result<Option<Community>> {
        let Some(guard) = self
            .get::<NameGuard>(keys::community_name(name_key))
            .await?
        else {
            return Ok(None);
        };
        self.community(&guard.community_id).await
    }

    /// An account's membership and ban in a community (one BatchGetItem).
    pub async fn community_standing(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<(Option<Membership>, Option<Ban>)> {
        let found = self
            .community_items(vec![
                keys::membership(community_id, user_id),
                keys::ban(community_id, user_id),
            ])
            .await?;
        Ok((
            found.memberships.into_iter().next(),
            found.bans.into_iter().next(),
        ))
    }

    /// These communities with `user_id`'s memberships and bans in them (one
    /// BatchGetItem).
    pub async fn communities_with_standing(
        &self,
        ids: &[&str],
        user_id: Option<&str>,
    ) -> Result<CommunityItems> {
        let mut wanted: Vec<Item> = ids.iter().map(|id| keys::community(id)).collect();
        if let Some(user) = user_id {
            wanted.extend(ids.iter().map(|id| keys::membership(id, user)));
            wanted.extend(ids.iter().map(|id| keys::ban(id, user)));
        }
        self.community_items(wanted).await
    }

    /// Reads community, membership and ban items, sorted by kind.
    async fn community_items(&self, wanted: Vec<Item>) -> Result<CommunityItems> {
        let mut found = CommunityItems::default();
        for item in self.batch_get(wanted).await? {
            let sk = item
                .get("SK")
                .and_then(|v| v.as_s().ok())
                .cloned()
                .unwrap_or_default();
            if sk.starts_with(keys::MEMBER_PREFIX) {
                found.memberships.push(decode(item)?);
            } else if sk.starts_with(keys::BAN_PREFIX) {
                found.bans.push(decode(item)?);
            } else {
                found.communities.push(decode(item)?);
            }
        }
        Ok(found)
    }

    pub(super) fn members_count_op(
        &self,
        community_id: &str,
        delta: i64,
    ) -> Result<TransactWriteItem> {
        update_op(
            &self.table,
            keys::community(community_id),
            "ADD members_count :delta",
            EXISTS,
            Item::from([(":delta".into(), n(delta))]),
        )
    }

    /// Adds a member, counted; false if already one.
    pub async fn join_community(&self, membership: &Membership) -> Result<bool> {
        let ops = vec![
            put_op(&self.table, membership_item(membership)?, Some(NOT_EXISTS))?,
            self.members_count_op(&membership.community_id, 1)?,
        ];
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Records a request to join (idempotent).
    pub async fn request_to_join(&self, request: &JoinRequest) -> Result<()> {
        let key = keys::join_request(&request.community_id, &request.user_id);
        let item = listed(
            encode(key, request)?,
            CommunityList::JoinRequests,
            &request.community_id,
            &request.user_id,
            request.created_at,
        );
        self.transact(vec![put_op(&self.table, item, Some(NOT_EXISTS))?])
            .await?
            .ok();
        Ok(())
    }

    /// Removes a member who is not the owner, uncounted; false if not a member
    /// (or the owner).
    pub async fn leave_community(&self, community_id: &str, user_id: &str) -> Result<bool> {
        let ops = vec![
            delete_op(
                &self.table,
                keys::membership(community_id, user_id),
                Some("attribute_exists(PK) AND #role <> :owner"),
                Some(Item::from([(":owner".into(), s("owner"))])),
            )?,
            self.members_count_op(community_id, -1)?,
        ];
        Ok(self.transact(ops).await?.is_ok())
    }

    pub(super) fn role_op(
        &self,
        community_id: &str,
        user_id: &str,
        from: Role,
        to: Role,
    ) -> Result<TransactWriteItem> {
        update_op(
            &self.table,
            keys::membership(community_id, user_id),
            "SET #role = :to",
            "#role = :from",
            Item::from([
                (":from".into(), encode_role(from)?),
                (":to".into(), encode_role(to)?),
            ]),
        )
    }

    /// A page of one of a community's lists.
    pub async fn community_list_page<T: serde::de::DeserializeOwned>(
        &self,
        list: CommunityList,
        community_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<T>, Option<Position>)> {
        let pk = keys::community_list(list.tag(), community_id);
        self.query_page(Some("GSI1"), "GSI1PK", pk, limit, after)
            .await
    }

    /// The communities an account belongs to, newest first.
    pub async fn memberships_page(
        &self,
        user_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Membership>, Option<Position>)> {
        self.query_page(
            Some("GSI2"),
            "GSI2PK",
            keys::memberships_pk(user_id),
            limit,
            after,
        )
        .await
    }

    /// The log entry and the event of a moderator action, for its transaction.
    pub(crate) fn moderation_ops(
        &self,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<[TransactWriteItem; 2]> {
        Ok([
            put_op(
                &self.table,
                encode(keys::mod_log_entry(&log.community_id, &log.id), log)?,
                None,
            )?,
            self.outbox_op(event)?,
        ])
    }
}

pub(super) fn encode_role(role: Role) -> Result<AttributeValue> {
    serde_dynamo::to_attribute_value(role)
        .map_err(|e| crate::platform::error::Error::internal("encode role", e))
}
