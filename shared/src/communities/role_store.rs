//! The table side of a community's people: join requests settled, roles
//! changed, ownership handed over, bans — each with its mod-log entry and
//! event in the same transaction.

use crate::communities::keys;
use crate::communities::model::Ban;
use crate::communities::model::Membership;
use crate::communities::model::Role;
use crate::communities::store::{CommunityList, ModLogEntry, listed, membership_item};
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::NOT_EXISTS;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::ops::delete_op;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;

impl Store {
    /// Admits (`Some`) or turns away (`None`) a pending request, logged; false
    /// if there was no request.
    pub async fn settle_join_request(
        &self,
        community_id: &str,
        user_id: &str,
        admitted: Option<&Membership>,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![delete_op(
            &self.table,
            keys::join_request(community_id, user_id),
            Some(EXISTS),
            None,
        )?];
        if let Some(membership) = admitted {
            ops.push(put_op(
                &self.table,
                membership_item(membership)?,
                Some(NOT_EXISTS),
            )?);
            ops.push(self.members_count_op(community_id, 1)?);
        }
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Changes a member's role from `from` to `to`, logged; false if the
    /// member's role is no longer `from`.
    pub async fn set_role(
        &self,
        community_id: &str,
        user_id: &str,
        (from, to): (Role, Role),
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![self.role_op(community_id, user_id, from, to)?];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Hands the community to `to` (who holds role `to_role` now); the old
    /// owner stays as a moderator. False if either changed meanwhile.
    pub async fn transfer_ownership(
        &self,
        community_id: &str,
        from: &str,
        (to, to_role): (&str, Role),
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![
            self.role_op(community_id, to, to_role, Role::Owner)?,
            self.role_op(community_id, from, Role::Owner, Role::Moderator)?,
            update_op(
                &self.table,
                keys::community(community_id),
                "SET owner_id = :to",
                "owner_id = :from",
                Item::from([(":to".into(), s(to)), (":from".into(), s(from))]),
            )?,
        ];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }

    /// Bans (or re-bans, replacing the terms) an account, logged.
    pub async fn ban(&self, ban: &Ban, log: &ModLogEntry, event: &Envelope) -> Result<()> {
        let key = keys::ban(&ban.community_id, &ban.user_id);
        let item = listed(
            encode(key, ban)?,
            CommunityList::Bans,
            &ban.community_id,
            &ban.user_id,
            ban.created_at,
        );
        let mut ops = vec![put_op(&self.table, item, None)?];
        ops.extend(self.moderation_ops(log, event)?);
        self.transact(ops).await?.ok();
        Ok(())
    }

    /// Lifts a ban, logged; false if there was none.
    pub async fn unban(
        &self,
        community_id: &str,
        user_id: &str,
        log: &ModLogEntry,
        event: &Envelope,
    ) -> Result<bool> {
        let mut ops = vec![delete_op(
            &self.table,
            keys::ban(community_id, user_id),
            Some(EXISTS),
            None,
        )?];
        ops.extend(self.moderation_ops(log, event)?);
        Ok(self.transact(ops).await?.is_ok())
    }
}
