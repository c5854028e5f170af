//! Home feeds: fan-out on write into each follower's feed partition, and a
//! read path of three DynamoDB round trips whatever the number of accounts
//! followed.

use super::now;
use super::posts::{PostPage, distinct};
use crate::context::App;
use crate::domain::cursor::Position;
use crate::domain::graph::RelationKind;
use crate::domain::post::{ViewerRelation, Visibility, visible_to};
use crate::error::{Error, Result};
use crate::store::feeds::{FEED_TTL_SECS, FeedEntry};
use serde::Deserialize;

/// A feed page is one BatchGetItem of posts plus two relation keys per
/// author, and BatchGetItem takes 100 keys: so at most 30 entries.
pub const FEED_MAX_LIMIT: i32 = 30;

/// The `data` of `post.created` / `post.deleted`.
#[derive(Debug, Deserialize)]
pub struct PostEvent {
    pub post_id: String,
    pub author_id: String,
    pub visibility: Visibility,
}

/// The feeds a post goes to: the author's own, and — unless the author is
/// above the celebrity threshold or the post is for mentioned accounts only —
/// every follower's. Calls `each` with pages of readers.
async fn readers<F, Fut>(app: &App, event: &PostEvent, mut each: F) -> Result<()>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    each(vec![event.author_id.clone()]).await?;
    let Some(author) = app.store.user(&event.author_id).await? else {
        return Ok(());
    };
    if author.followers_count >= app.config.celebrity_threshold
        || event.visibility == Visibility::Mentioned
    {
        return Ok(());
    }
    let mut after = None;
    loop {
        let (followers, next) = app.store.followers_page(&event.author_id, after).await?;
        if !followers.is_empty() {
            each(followers).await?;
        }
        match next {
            Some(position) => after = Some(position),
            None => return Ok(()),
        }
    }
}

/// Handles `post.created`: writes the post into its readers' feeds.
pub async fn fan_out(app: &App, event: &PostEvent) -> Result<()> {
    if app.store.post(&event.post_id).await?.is_none() {
        return Ok(()); // deleted before it was fanned out
    }
    let entry = FeedEntry {
        post_id: event.post_id.clone(),
        author_id: event.author_id.clone(),
    };
    let expires_at = now().unix_timestamp() + FEED_TTL_SECS;
    readers(app, event, |page| {
        let entry = entry.clone();
        async move { app.store.add_to_feeds(&page, &entry, expires_at).await }
    })
    .await
}

/// Handles `post.deleted`: takes the post out of every feed it reached.
pub async fn retract(app: &App, event: &PostEvent) -> Result<()> {
    readers(app, event, |page| async move {
        app.store.remove_from_feeds(&page, &event.post_id).await
    })
    .await
}

/// How many of a newly followed account's posts are copied into the follower's feed.
pub const BACKFILL_POSTS: i32 = 20;

/// The `data` of `user.followed`.
#[derive(Debug, Deserialize)]
pub struct FollowedEvent {
    pub follower_id: String,
    pub followee_id: String,
}

/// Handles `user.followed`: copies the followee's recent posts into the
/// follower's feed (mentioned-only posts excepted, as in fan-out).
pub async fn backfill(app: &App, event: &FollowedEvent) -> Result<()> {
    let (posts, _) = app
        .store
        .author_posts(&event.followee_id, BACKFILL_POSTS, None)
        .await?;
    let expires_at = now().unix_timestamp() + FEED_TTL_SECS;
    let entries: Vec<FeedEntry> = posts
        .into_iter()
        .filter(|p| p.visibility != Visibility::Mentioned)
        .map(|p| FeedEntry {
            post_id: p.id,
            author_id: p.author_id,
        })
        .collect();
    app.store
        .add_to_feed(&event.follower_id, &entries, expires_at)
        .await
}

/// A page of the reader's home feed, newest first. Entries whose post is gone,
/// whose author the reader no longer follows (unfollow, block) or mutes, or
/// that the reader may not see are left out.
pub async fn home(
    app: &App,
    reader: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<PostPage> {
    if limit > FEED_MAX_LIMIT {
        return Err(Error::BadRequest(format!(
            "limit must be at most {FEED_MAX_LIMIT} for the feed"
        )));
    }
    let (entries, next) = app.store.feed_page(reader, limit, after).await?;
    let authors = distinct(
        entries
            .iter()
            .map(|e| e.author_id.as_str())
            .filter(|a| *a != reader),
    );
    let post_ids: Vec<&str> = entries.iter().map(|e| e.post_id.as_str()).collect();
    let (posts, relations) = app
        .store
        .posts_and_relations(&post_ids, reader, &authors)
        .await?;
    let has = |kind, author: &str| {
        relations
            .iter()
            .any(|r| r.kind == kind && r.to_id == author)
    };
    let kept: Vec<_> = entries
        .iter()
        .filter_map(|e| posts.iter().find(|p| p.id == e.post_id))
        .filter(|p| {
            let own = p.author_id == reader;
            let standing = ViewerRelation {
                is_author: own,
                follows_author: has(RelationKind::Follows, &p.author_id),
                blocked: false,
            };
            own || (standing.follows_author
                && !has(RelationKind::Mutes, &p.author_id)
                && visible_to(p, Some(reader), standing))
        })
        .cloned()
        .collect();
    let author_ids = distinct(kept.iter().map(|p| p.author_id.as_str()));
    let users = app.store.users(&author_ids).await?;
    let posts = kept
        .into_iter()
        .filter_map(|p| {
            let author = users.iter().find(|u| u.id == p.author_id)?.clone();
            Some((p, author))
        })
        .collect();
    Ok(PostPage { posts, next })
}
