//! A community's people: join requests settled, moderators appointed and
//! dismissed, ownership handed over, bans — each logged with its event.

use crate::accounts::user::User;
use crate::communities::model as community;
use crate::communities::model::Ban;
use crate::communities::model::Community;
use crate::communities::model::Membership;
use crate::communities::model::Role;
use crate::communities::model::{JoinDecision, RoleChange};
use crate::communities::service::{Seen, changed, logged, moderated, seen};
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::profiles::service::profile;

/// The community, if `me` owns it.
async fn owned(app: &App, me: &str, name: &str) -> Result<Seen> {
    let seen = seen(app, Some(me), name).await?;
    if seen.role() != Some(Role::Owner) {
        return Err(Error::denied(
            Denied::NotTheOwner,
            "only this community's owner can do this",
        ));
    }
    Ok(seen)
}

/// The member `username` of the community, with their role.
async fn member(app: &App, community: &Community, username: &str) -> Result<(User, Role)> {
    let user = profile(app, username).await?;
    let (membership, _) = app
        .store
        .community_standing(&community.id, &user.id)
        .await?;
    let membership = membership.ok_or_else(|| {
        Error::NotFound(format!("@{username} is not a member of {}", community.name))
    })?;
    Ok((user, membership.role))
}

/// Admits or turns away a request to join a private community.
pub async fn settle_request(
    app: &App,
    me: &str,
    name: &str,
    username: &str,
    decision: JoinDecision,
) -> Result<()> {
    let seen = moderated(app, me, name).await?;
    let user = profile(app, username).await?;
    let membership = Membership {
        community_id: seen.community.id.clone(),
        user_id: user.id.clone(),
        role: Role::Member,
        joined_at: now_ms(),
    };
    let (action, admitted) = match decision {
        JoinDecision::Approve => ("approve_member", Some(&membership)),
        JoinDecision::Reject => ("reject_member", None),
    };
    let (entry, event) = logged(
        &seen.community,
        me,
        action,
        format!("user:{}", user.id),
        None,
    );
    if !app
        .store
        .settle_join_request(&seen.community.id, &user.id, admitted, &entry, &event)
        .await?
    {
        return Err(Error::NotFound(format!(
            "no pending request from @{username}"
        )));
    }
    Ok(())
}

/// Makes a member a moderator, or a moderator a member again; the owner's call.
pub async fn set_moderator(
    app: &App,
    me: &str,
    name: &str,
    username: &str,
    change: RoleChange,
) -> Result<()> {
    let seen = owned(app, me, name).await?;
    let (user, role) = member(app, &seen.community, username).await?;
    let (from, to, action) = match (change, role) {
        (RoleChange::Appoint, Role::Member) => (Role::Member, Role::Moderator, "add_moderator"),
        (RoleChange::Dismiss, Role::Moderator) => {
            (Role::Moderator, Role::Member, "remove_moderator")
        }
        (RoleChange::Appoint, Role::Moderator) | (RoleChange::Dismiss, Role::Member) => {
            return Ok(());
        }
        (_, Role::Owner) => {
            return Err(Error::clash(
                Clash::OwnerRole,
                "the owner's role changes only by transferring ownership",
            ));
        }
    };
    let (entry, event) = logged(
        &seen.community,
        me,
        action,
        format!("user:{}", user.id),
        None,
    );
    if !app
        .store
        .set_role(&seen.community.id, &user.id, (from, to), &entry, &event)
        .await?
    {
        return Err(changed());
    }
    Ok(())
}

/// Hands the community to another member; the old owner stays a moderator.
pub async fn transfer(app: &App, me: &str, name: &str, username: &str) -> Result<()> {
    let seen = owned(app, me, name).await?;
    let (user, role) = member(app, &seen.community, username).await?;
    if role == Role::Owner {
        return Ok(());
    }
    let (entry, event) = logged(
        &seen.community,
        me,
        "transfer_ownership",
        format!("user:{}", user.id),
        None,
    );
    if !app
        .store
        .transfer_ownership(&seen.community.id, me, (&user.id, role), &entry, &event)
        .await?
    {
        return Err(changed());
    }
    Ok(())
}

/// Bans an account (replacing an earlier ban's terms) until `until` (epoch
/// ms) or until lifted. Moderators cannot be banned while they moderate.
pub async fn ban(
    app: &App,
    me: &str,
    name: &str,
    username: &str,
    reason: &str,
    until: Option<i64>,
) -> Result<()> {
    let reason = community::check_reason(reason).map_err(|e| Error::Validation(vec![e]))?;
    if until.is_some_and(|u| u <= now_ms()) {
        return Err(Error::validation("until", "must be in the future"));
    }
    let seen = moderated(app, me, name).await?;
    let user = profile(app, username).await?;
    let (membership, _) = app
        .store
        .community_standing(&seen.community.id, &user.id)
        .await?;
    if membership.is_some_and(|m| m.role.moderates()) {
        return Err(Error::denied(
            Denied::ProtectedRole,
            "moderators cannot be banned",
        ));
    }
    let ban = Ban {
        community_id: seen.community.id.clone(),
        user_id: user.id.clone(),
        reason: reason.clone(),
        banned_by: me.to_owned(),
        until,
        created_at: now_ms(),
    };
    let (entry, event) = logged(
        &seen.community,
        me,
        "ban",
        format!("user:{}", user.id),
        Some(reason),
    );
    app.store.ban(&ban, &entry, &event).await
}

/// Lifts a ban; idempotent.
pub async fn unban(app: &App, me: &str, name: &str, username: &str) -> Result<()> {
    let seen = moderated(app, me, name).await?;
    let user = profile(app, username).await?;
    let (entry, event) = logged(
        &seen.community,
        me,
        "unban",
        format!("user:{}", user.id),
        None,
    );
    app.store
        .unban(&seen.community.id, &user.id, &entry, &event)
        .await?;
    Ok(())
}
