//! Moderators at work on a community's content: removals of posts and
//! comments, thread locks, pins and the public mod log. Every action is
//! checked against the acting account's role in *that* community and logged
//! with a `mod.action` event in the action's own transaction.

use crate::communities::model as community;
use crate::communities::model::Community;
use crate::communities::model::PINS_MAX;
use crate::communities::service::{changed, logged, moderated, seen};
use crate::communities::store::ModLogEntry;
use crate::moderation::model::{LockAction, PinAction};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::posts::model::Post;
use crate::posts::service::{delete_as_moderator, not_found};

/// The public mod log (for whoever may see the community), newest first.
pub async fn mod_log(
    app: &App,
    viewer: Option<&str>,
    name: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<ModLogEntry>, Option<Position>)> {
    let seen = seen(app, viewer, name).await?;
    app.store
        .mod_log_page(&seen.community.id, limit, after)
        .await
}

/// The community post `post_id`, if `me` moderates its community. The
/// author's blocks do not hide it: blocks govern social reach, not a
/// community's rules.
async fn moderated_post(app: &App, me: &str, post_id: &str) -> Result<(Post, Community)> {
    let post = app
        .store
        .post(post_id)
        .await?
        .ok_or_else(|| not_found(post_id))?;
    let community_id = post
        .community_id
        .clone()
        .ok_or_else(|| Error::denied(Denied::NotModerated, "only community posts are moderated"))?;
    let community = app
        .store
        .community(&community_id)
        .await?
        .ok_or_else(|| not_found(post_id))?;
    // A private community's post is a 404 to outsiders, its name unsaid.
    moderated(app, me, &community.name)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => not_found(post_id),
            other => other,
        })?;
    Ok((post, community))
}

/// Removes a community post (a moderator, with a reason).
pub async fn remove_post(app: &App, me: &str, post_id: &str, reason: &str) -> Result<()> {
    let reason = community::check_reason(reason).map_err(|e| Error::Validation(vec![e]))?;
    let (post, community) = moderated_post(app, me, post_id).await?;
    let (entry, event) = logged(
        &community,
        me,
        "remove_post",
        format!("post:{post_id}"),
        Some(reason),
    );
    delete_as_moderator(app, &post, &entry, &event).await
}

/// Removes a comment on a community post (a moderator, with a reason).
pub async fn remove_comment(app: &App, me: &str, comment_id: &str, reason: &str) -> Result<()> {
    let reason = community::check_reason(reason).map_err(|e| Error::Validation(vec![e]))?;
    let comment = app
        .store
        .comment(comment_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no comment {comment_id}")))?;
    let (_, community) = moderated_post(app, me, &comment.post_id).await?;
    let (entry, event) = logged(
        &community,
        me,
        "remove_comment",
        format!("comment:{comment_id}"),
        Some(reason),
    );
    crate::comments::service::delete_as_moderator(app, &comment, &entry, &event).await
}

/// Locks (no new comments) or unlocks a community post's thread.
pub async fn set_locked(app: &App, me: &str, post_id: &str, action: LockAction) -> Result<()> {
    let (post, community) = moderated_post(app, me, post_id).await?;
    if post.locked == action.locked() {
        return Ok(());
    }
    let target = format!("post:{post_id}");
    let (entry, event) = logged(&community, me, action.name(), target, None);
    if !app
        .store
        .set_locked(post_id, action.locked(), &entry, &event)
        .await?
    {
        return Err(Error::NotFound(format!("no post {post_id}")));
    }
    Ok(())
}

/// Pins (at most two) or unpins a community post.
pub async fn set_pinned(
    app: &App,
    me: &str,
    name: &str,
    post_id: &str,
    action: PinAction,
) -> Result<()> {
    let seen = moderated(app, me, name).await?;
    let at = seen.community.pinned.iter().position(|p| p == post_id);
    // A pinned id can always be unpinned, even if its post is gone.
    if !(action == PinAction::Unpin && at.is_some()) {
        let post = app.store.post(post_id).await?;
        if post.and_then(|p| p.community_id).as_deref() != Some(seen.community.id.as_str()) {
            return Err(Error::NotFound(format!("no post {post_id} in {name}")));
        }
    }
    let target = format!("post:{post_id}");
    let (entry, event) = logged(&seen.community, me, action.name(), target, None);
    let done = match (action, at) {
        (PinAction::Pin, Some(_)) | (PinAction::Unpin, None) => return Ok(()),
        (PinAction::Pin, None) if seen.community.pinned.len() >= PINS_MAX => {
            return Err(Error::clash(
                Clash::PinsFull,
                format!("at most {PINS_MAX} posts can be pinned; unpin one first"),
            ));
        }
        (PinAction::Pin, None) => {
            app.store
                .pin(&seen.community.id, post_id, PINS_MAX, &entry, &event)
                .await?
        }
        (PinAction::Unpin, Some(index)) => {
            app.store
                .unpin(&seen.community.id, post_id, index, &entry, &event)
                .await?
        }
    };
    if done { Ok(()) } else { Err(changed()) }
}
