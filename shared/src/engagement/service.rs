//! Reacting to posts and comments. Whoever may see a target may react to it,
//! except to a comment by an account blocked either way.

use crate::accounts::user::User;
use crate::comments::service::visible_comment;
use crate::engagement::model::Reaction;
use crate::engagement::model::Target;
use crate::engagement::store::ReactionWrite;
use crate::platform::clock::RACE_ATTEMPTS;
use crate::platform::clock::back_off;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::platform::events::{Event, ReactionAdded};
use crate::platform::ids::distinct;
use crate::posts::counts::ReactionKind;
use crate::posts::reading::visible_post;

fn not_found(target: &Target) -> Error {
    Error::NotFound(format!("no {}", target.tag().replace(':', " ")))
}

/// The target's author, if `viewer` may see the target and interact with it.
async fn reachable(app: &App, viewer: Option<&str>, target: &Target) -> Result<String> {
    match target {
        Target::Post(id) => Ok(visible_post(app, viewer, id).await?.author_id),
        Target::Comment(id) => {
            let comment = visible_comment(app, viewer, id).await?;
            if comment.deleted {
                return Err(not_found(target));
            }
            if let Some(viewer) = viewer
                && !app
                    .store
                    .blocked_among(viewer, &[comment.author_id.as_str()])
                    .await?
                    .is_empty()
            {
                return Err(Error::denied(
                    Denied::Blocked,
                    "you cannot interact with this account",
                ));
            }
            Ok(comment.author_id)
        }
    }
}

fn raced() -> Error {
    Error::clash(Clash::Changed, "the reaction kept changing; try again")
}

/// Sets my reaction to `kind`, replacing any other; idempotent.
pub async fn react(app: &App, me: &str, target: &Target, kind: ReactionKind) -> Result<()> {
    let author = reachable(app, Some(me), target).await?;
    for attempt in 0..RACE_ATTEMPTS {
        let previous = app.store.reaction(target, me).await?.map(|r| r.kind);
        if previous == Some(kind) {
            return Ok(());
        }
        let reaction = Reaction {
            target: target.tag(),
            user_id: me.to_owned(),
            kind,
            created_at: now_ms(),
        };
        let event = Event::ReactionAdded(ReactionAdded {
            target: reaction.target.clone(),
            target_author_id: author.to_owned(),
            user_id: me.to_owned(),
            kind: kind.name().to_owned(),
            previous: previous.map(|p| p.name().to_owned()),
        })
        .at(reaction.created_at / 1000);
        match app
            .store
            .set_reaction(target, &reaction, previous, &event)
            .await?
        {
            ReactionWrite::Done => return Ok(()),
            ReactionWrite::Raced => back_off(attempt).await,
            ReactionWrite::TargetGone => return Err(not_found(target)),
        }
    }
    Err(raced())
}

/// Removes my reaction, if any; idempotent. My own reaction can always be
/// taken back, whatever has changed about who may see the target since.
pub async fn unreact(app: &App, me: &str, target: &Target) -> Result<()> {
    if !take_back(app, me, target).await? {
        // Nothing to take back: still a 404 for a target I cannot see.
        reachable(app, Some(me), target).await?;
    }
    Ok(())
}

/// Removes `user_id`'s reaction to `target` and its count, whatever the
/// account may see now; false if there was none.
pub async fn take_back(app: &App, user_id: &str, target: &Target) -> Result<bool> {
    for attempt in 0..RACE_ATTEMPTS {
        let Some(previous) = app.store.reaction(target, user_id).await? else {
            return Ok(false);
        };
        match app
            .store
            .remove_reaction(target, user_id, previous.kind)
            .await?
        {
            ReactionWrite::Raced => back_off(attempt).await,
            ReactionWrite::Done | ReactionWrite::TargetGone => return Ok(true),
        }
    }
    Err(raced())
}

/// Who reacted, newest first, leaving out accounts blocked either way.
pub async fn list(
    app: &App,
    viewer: Option<&str>,
    target: &Target,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<(Reaction, User)>, Option<Position>)> {
    reachable(app, viewer, target).await?;
    let (reactions, next) = app.store.reactions_page(target, limit, after).await?;
    let ids = distinct(reactions.iter().map(|r| r.user_id.as_str()));
    let blocked = match viewer {
        Some(viewer) => app.store.blocked_among(viewer, &ids).await?,
        None => Vec::new(),
    };
    let users = app.store.users(&ids).await?;
    let shown = reactions
        .into_iter()
        .filter(|r| !blocked.contains(&r.user_id))
        .filter_map(|r| {
            let user = users.iter().find(|u| u.id == r.user_id)?.clone();
            Some((r, user))
        })
        .collect();
    Ok((shown, next))
}
