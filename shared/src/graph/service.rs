//! Following, follow requests for private accounts, blocking and muting.

use crate::accounts::user::User;
use crate::graph::model::FollowState;
use crate::graph::model::List;
use crate::graph::model::Relation;
use crate::graph::model::RelationKind;
use crate::graph::store::FollowOutcome;
use crate::platform::clock::RACE_ATTEMPTS;
use crate::platform::clock::back_off;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::platform::events::Envelope;
use crate::platform::events::{Block, Event, Follow};
use crate::profiles::service::profile;

/// A page of accounts from a list, with when each joined it.
pub struct Page {
    pub members: Vec<(User, i64)>,
    pub next: Option<Position>,
}

fn relation(kind: RelationKind, from: &str, to: &str) -> Relation {
    Relation {
        kind,
        from_id: from.to_owned(),
        to_id: to.to_owned(),
        created_at: now_ms(),
    }
}

/// `user.followed`: consumers backfill the follower's feed.
pub fn followed_event(follower_id: &str, followee_id: &str) -> Envelope {
    Event::UserFollowed(follow_of(follower_id, followee_id)).at(now().unix_timestamp())
}

fn follow_of(follower_id: &str, followee_id: &str) -> Follow {
    Follow {
        follower_id: follower_id.to_owned(),
        followee_id: followee_id.to_owned(),
        accepted: false,
    }
}

/// The other account, by username; acting on oneself is refused.
async fn other(app: &App, me: &str, username: &str) -> Result<User> {
    let user = profile(app, username).await?;
    if user.id == me {
        return Err(Error::validation(
            "username",
            "you cannot do this to your own account",
        ));
    }
    Ok(user)
}

/// Follows a public account at once; asks a private one. Idempotent.
pub async fn follow(app: &App, me: &str, username: &str) -> Result<FollowState> {
    let target = other(app, me, username).await?;
    let between = app.store.between(me, &target.id).await?;
    if between.has(RelationKind::Follows, me, &target.id) {
        return Ok(FollowState::Following);
    }
    let (outcome, state) = if target.private {
        let request = relation(RelationKind::Requests, me, &target.id);
        let event = Event::FollowRequested(follow_of(me, &target.id)).at(now().unix_timestamp());
        (
            app.store.request_follow(&request, &event).await?,
            FollowState::Requested,
        )
    } else {
        let edge = relation(RelationKind::Follows, me, &target.id);
        let event = followed_event(me, &target.id);
        (
            app.store.follow(&edge, &event).await?,
            FollowState::Following,
        )
    };
    match outcome {
        FollowOutcome::Done | FollowOutcome::AlreadyThere => Ok(state),
        FollowOutcome::Blocked => Err(Error::denied(
            Denied::Blocked,
            "you cannot follow this account",
        )),
        FollowOutcome::AccountGone => Err(Error::NotFound(format!("no user named @{username}"))),
    }
}

/// Stops following, or withdraws a pending request. Idempotent.
pub async fn unfollow(app: &App, me: &str, username: &str) -> Result<()> {
    let target = other(app, me, username).await?;
    let event = Event::UserUnfollowed(follow_of(me, &target.id)).at(now().unix_timestamp());
    if !app.store.unfollow(me, &target.id, &event).await? {
        app.store
            .remove_relation(RelationKind::Requests, me, &target.id)
            .await?;
    }
    Ok(())
}

/// Accepts `username`'s request to follow me.
pub async fn accept_request(app: &App, me: &str, username: &str) -> Result<()> {
    let requester = other(app, me, username).await?;
    let request = relation(RelationKind::Requests, &requester.id, me);
    let event = Event::UserFollowed(Follow {
        accepted: true,
        ..follow_of(&requester.id, me)
    })
    .at(now().unix_timestamp());
    match app.store.accept_request(&request, now_ms(), &event).await? {
        FollowOutcome::Done => Ok(()),
        FollowOutcome::AlreadyThere
            if app.store.between(me, &requester.id).await?.has(
                RelationKind::Follows,
                &requester.id,
                me,
            ) =>
        {
            Ok(())
        }
        FollowOutcome::AlreadyThere | FollowOutcome::Blocked => Err(Error::NotFound(format!(
            "no pending request from @{username}"
        ))),
        FollowOutcome::AccountGone => Err(Error::NotFound(format!("no user named @{username}"))),
    }
}

pub async fn reject_request(app: &App, me: &str, username: &str) -> Result<()> {
    let requester = other(app, me, username).await?;
    app.store
        .remove_relation(RelationKind::Requests, &requester.id, me)
        .await
}

/// Blocks an account: follows and requests both ways end, with their counts.
pub async fn block(app: &App, me: &str, username: &str) -> Result<()> {
    let target = other(app, me, username).await?;
    let event = Event::UserBlocked(Block {
        blocker_id: me.to_owned(),
        blocked_id: target.id.clone(),
    })
    .at(now().unix_timestamp());
    for attempt in 0..RACE_ATTEMPTS {
        let between = app.store.between(me, &target.id).await?;
        if app
            .store
            .block(
                &relation(RelationKind::Blocks, me, &target.id),
                &between,
                &event,
            )
            .await?
        {
            return Ok(());
        }
        back_off(attempt).await;
    }
    Err(Error::clash(
        Clash::Changed,
        "the relationship kept changing; try again",
    ))
}

/// Records a relation that needs no more than its edge (a mute).
pub async fn add(app: &App, me: &str, username: &str, kind: RelationKind) -> Result<()> {
    let target = other(app, me, username).await?;
    app.store
        .put_relation(&relation(kind, me, &target.id))
        .await
}

/// Removes a mute or a block; idempotent.
pub async fn remove(app: &App, me: &str, username: &str, kind: RelationKind) -> Result<()> {
    let target = other(app, me, username).await?;
    app.store.remove_relation(kind, me, &target.id).await
}

/// Whether `viewer` may read `owner`'s followers and following: anyone for a
/// public account, the owner and approved followers for a private one, and
/// nobody whom the owner blocks.
pub async fn can_see_lists(app: &App, viewer: &str, owner: &User) -> Result<bool> {
    if viewer == owner.id {
        return Ok(true);
    }
    let between = app.store.between(viewer, &owner.id).await?;
    if between.has(RelationKind::Blocks, &owner.id, viewer) {
        return Ok(false);
    }
    Ok(!owner.private || between.has(RelationKind::Follows, viewer, &owner.id))
}

/// One page of `list` owned by `owner`, members resolved to accounts in one batch.
pub async fn page(
    app: &App,
    list: List,
    owner: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<Page> {
    let (relations, next) = app.store.list_page(list, owner, limit, after).await?;
    let ids: Vec<&str> = relations.iter().map(|r| list.member(r)).collect();
    let mut users = app.store.users(&ids).await?;
    let members = relations
        .iter()
        .filter_map(|r| {
            let at = users.iter().position(|u| u.id == list.member(r))?;
            Some((users.swap_remove(at), r.created_at))
        })
        .collect();
    Ok(Page { members, next })
}
