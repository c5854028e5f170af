//! Comments on posts: whoever may see a post may read and write its
//! comments; a blocked account can neither comment on the blocker's posts
//! nor reply to the blocker's comments.

use crate::access::service::{ensure_may_take_part, ensure_not_banned};
use crate::accounts::user::User;
use crate::comments::model as comment;
use crate::comments::model::Comment;
use crate::comments::model::TEXT_MAX;
use crate::comments::store::CommentRefused;
use crate::communities::store::ModLogEntry;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::platform::events::{CommentCreated, Envelope, Event};
use crate::platform::ids::CommentId;
use crate::platform::ids::distinct;
use crate::platform::store::versions::Version;
use crate::posts::model::Post;
use crate::posts::model::check_body;
use crate::posts::reading::visible_post;

fn not_found(id: &str) -> Error {
    Error::NotFound(format!("no comment {id}"))
}

/// The comment if `viewer` may see its post; otherwise the same 404 as a
/// missing comment.
pub async fn visible_comment(app: &App, viewer: Option<&str>, id: &str) -> Result<Comment> {
    let comment = app.store.comment(id).await?.ok_or_else(|| not_found(id))?;
    visible_post(app, viewer, &comment.post_id)
        .await
        .map_err(|_| not_found(id))?;
    Ok(comment)
}

/// A comment that `owns` says `me` controls (its author, or for deletion
/// the post's author too), whatever has changed about who may see it since:
/// authors keep control of what they wrote. Otherwise 403 if `me` sees the
/// comment, 404 if not.
async fn own_comment(
    app: &App,
    me: &str,
    id: &str,
    owns: impl FnOnce(&Comment, Option<&Post>) -> bool,
) -> Result<(Comment, Option<Post>)> {
    let comment = app.store.comment(id).await?.ok_or_else(|| not_found(id))?;
    let post = app.store.post(&comment.post_id).await?;
    if owns(&comment, post.as_ref()) {
        return Ok((comment, post));
    }
    visible_comment(app, Some(me), id).await?;
    Err(Error::denied(
        Denied::NotTheAuthor,
        "only the comment's author (or, to delete it, the post's author) can do this",
    ))
}

fn checked_text(text: &str) -> Result<String> {
    check_body(text, TEXT_MAX).map_err(|e| Error::Validation(vec![e]))
}

/// Comments on a post `me` may see, as a reply to `parent_id` when given.
pub async fn create(
    app: &App,
    me: &str,
    post_id: &str,
    text: &str,
    parent_id: Option<&str>,
) -> Result<Comment> {
    let text = checked_text(text)?;
    let post = visible_post(app, Some(me), post_id).await?;
    if let Some(community) = &post.community_id {
        ensure_may_take_part(app, me, community).await?;
    }
    if post.locked {
        return Err(locked());
    }
    let parent = match parent_id {
        None => None,
        Some(parent_id) => {
            let parent = app
                .store
                .comment(parent_id)
                .await?
                .filter(|c| c.post_id == post.id && !c.deleted)
                .ok_or_else(|| Error::validation("parent_id", "no such comment on this post"))?;
            if !app
                .store
                .blocked_among(me, &[parent.author_id.as_str()])
                .await?
                .is_empty()
            {
                return Err(Error::denied(
                    Denied::Blocked,
                    "you cannot reply to this account",
                ));
            }
            Some(parent)
        }
    };
    let id: String = CommentId::generate().into();
    let (path, depth) =
        comment::place(parent.as_ref(), &id).map_err(|e| Error::Validation(vec![e]))?;
    let comment = Comment {
        id,
        post_id: post.id.clone(),
        author_id: me.to_owned(),
        parent_id: parent.as_ref().map(|p| p.id.clone()),
        path,
        depth,
        text: Some(text),
        deleted: false,
        created_at: now(),
        edited_at: None,
        reactions: Default::default(),
        votes: Default::default(),
    };
    let event = Event::CommentCreated(CommentCreated {
        comment_id: comment.id.clone(),
        post_id: post.id.clone(),
        post_author_id: post.author_id.clone(),
        author_id: me.to_owned(),
        parent_id: comment.parent_id.clone(),
        parent_author_id: parent.map(|p| p.author_id),
    })
    .at(comment.created_at.unix_timestamp());
    match app.store.create_comment(&comment, &event).await? {
        Ok(()) => Ok(comment),
        Err(CommentRefused::PostGoneOrLocked) => match app.store.post(post_id).await? {
            Some(post) if post.locked => Err(locked()),
            _ => Err(Error::NotFound(format!("no post {post_id}"))),
        },
        Err(_) => Err(Error::validation(
            "parent_id",
            "no such comment on this post",
        )),
    }
}

fn locked() -> Error {
    Error::denied(
        Denied::ThreadLocked,
        "this thread is locked: no new comments",
    )
}

fn changed() -> Error {
    Error::clash(
        Clash::Changed,
        "the comment changed meanwhile; reload and try again",
    )
}

/// Replaces the text of my live comment; the old text is kept in its history.
pub async fn edit(app: &App, me: &str, id: &str, text: &str) -> Result<Comment> {
    let text = checked_text(text)?;
    let (before, post) = own_comment(app, me, id, |comment, _| comment.author_id == me).await?;
    if before.deleted {
        return Err(not_found(id));
    }
    ensure_not_banned(app, me, post.and_then(|p| p.community_id).as_deref()).await?;
    let after = Comment {
        text: Some(text),
        edited_at: Some(now()),
        ..before.clone()
    };
    app.store
        .edit_comment(&before, &after, now_ms())
        .await?
        .map_err(|_| changed())?;
    Ok(after)
}

/// Deletes a comment, leaving a tombstone so its replies stay in place. The
/// comment's author and the post's author may delete it.
pub async fn delete(app: &App, me: &str, id: &str) -> Result<()> {
    let (comment, _) = own_comment(app, me, id, |comment, post| {
        comment.author_id == me || post.is_some_and(|p| p.author_id == me)
    })
    .await?;
    if comment.deleted {
        return Ok(());
    }
    match app.store.delete_comment(&comment, None).await? {
        Ok(()) => Ok(()),
        Err(_) => match app.store.comment(id).await? {
            Some(current) if current.deleted => Ok(()), // deleted by a concurrent request
            _ => Err(changed()),
        },
    }
}

/// Removes a comment for a moderator, logged with the removal.
pub(crate) async fn delete_as_moderator(
    app: &App,
    comment: &Comment,
    entry: &ModLogEntry,
    event: &Envelope,
) -> Result<()> {
    if comment.deleted {
        return Ok(());
    }
    app.store
        .delete_comment(comment, Some((entry, event)))
        .await?
        .map_err(|_| changed())
}

pub async fn history(app: &App, viewer: Option<&str>, id: &str) -> Result<Vec<Version>> {
    visible_comment(app, viewer, id).await?;
    app.store.comment_history(id).await
}

/// How a comment appears to a viewer: with its author, or withheld — deleted,
/// written by an account the viewer blocks or is blocked by, or whose account
/// is gone — keeping its place in the thread without author or text.
pub struct Shown {
    pub comment: Comment,
    pub author: Option<User>,
}

impl Shown {
    pub fn new(comment: Comment, author: Option<User>) -> Self {
        let author = author.filter(|_| !comment.deleted);
        Self { comment, author }
    }
}

/// One comment as `viewer` sees it.
pub async fn show(app: &App, viewer: Option<&str>, comment: Comment) -> Result<Shown> {
    let blocked = match viewer {
        Some(viewer) if viewer != comment.author_id => !app
            .store
            .blocked_among(viewer, &[comment.author_id.as_str()])
            .await?
            .is_empty(),
        _ => false,
    };
    let author = if blocked {
        None
    } else {
        app.store.user(&comment.author_id).await?
    };
    Ok(Shown::new(comment, author))
}

pub struct Thread {
    pub comments: Vec<Shown>,
    pub next: Option<Position>,
}

/// A page of a post's comments in thread order, down to `max_depth`.
pub async fn thread(
    app: &App,
    viewer: Option<&str>,
    post_id: &str,
    max_depth: usize,
    limit: i32,
    after: Option<Position>,
) -> Result<Thread> {
    visible_post(app, viewer, post_id).await?;
    let (comments, next) = app
        .store
        .thread_page(post_id, max_depth, limit, after)
        .await?;
    let authors = distinct(
        comments
            .iter()
            .filter(|c| !c.deleted)
            .map(|c| c.author_id.as_str()),
    );
    let blocked = match viewer {
        Some(viewer) => app.store.blocked_among(viewer, &authors).await?,
        None => Vec::new(),
    };
    let users = app.store.users(&authors).await?;
    let comments = comments
        .into_iter()
        .map(|c| {
            let author = users
                .iter()
                .find(|u| u.id == c.author_id && !blocked.contains(&u.id))
                .cloned();
            Shown::new(c, author)
        })
        .collect();
    Ok(Thread { comments, next })
}
