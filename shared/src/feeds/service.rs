//! Home feeds, hybrid: posts are pushed into each follower's feed partition
//! (fan-out on write), except a celebrity's, which followers pull at read
//! time. A page merges both in three DynamoDB round trips whatever the
//! number of accounts followed. See docs/data-model.md, patterns 32–36.

use crate::access::model::ViewerRelation;
use crate::accounts::user::User;
use crate::feeds::model::Mode;
use crate::feeds::model::Signals;
use crate::feeds::model::newest;
use crate::feeds::model::score;
use crate::feeds::store::FEED_TTL_SECS;
use crate::feeds::store::FeedEntry;
use crate::feeds::store::FeedLookup;
use crate::feeds::store::FeedView;
use crate::feeds::store::RecentPosts;
use crate::graph::model::RelationKind;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::Visibility;
use crate::platform::events::{Block, Follow, PostChanged};
use crate::platform::ids::distinct;
use crate::posts::model::Post;
use crate::posts::model::PostRef;
use crate::posts::model::visible_to;
use crate::posts::reading::PostPage;

/// A feed page's second call fetches its posts, three keys per author and
/// the pulled set, and BatchGetItem takes 100 keys: so at most 20 entries.
pub const FEED_MAX_LIMIT: i32 = 20;

/// What happened to a post, as its event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostChange {
    Created,
    Edited,
    Deleted,
}

/// Keeps feeds in step with a post event. The author's own feed always gets
/// (or loses) the post. A celebrity's followers pull, so only the celebrity's
/// recent-posts item is rebuilt: O(1) writes. Anyone else's followers get the
/// entry pushed (or removed) — except for mentioned-only posts. Edits change
/// nothing pushed: entries point at the post. Returns how many followers'
/// feeds were written (the fan-out size).
pub async fn on_post(app: &App, change: PostChange, event: &PostChanged) -> Result<usize> {
    if event.community_id.is_some() {
        return Ok(0);
    }
    let current = app.store.post(&event.post_id).await?;
    if change != PostChange::Deleted && current.is_none() {
        return Ok(0); // deleted since; its own event cleans up
    }
    let entry = FeedEntry {
        post_id: event.post_id.clone(),
        author_id: event.author_id.clone(),
    };
    let expires_at = now().unix_timestamp() + FEED_TTL_SECS;
    let write = |readers: Vec<String>| {
        let entry = entry.clone();
        async move {
            match change {
                PostChange::Created => app.store.add_to_feeds(&readers, &entry, expires_at).await,
                PostChange::Deleted => app.store.remove_from_feeds(&readers, &entry.post_id).await,
                PostChange::Edited => Ok(()),
            }
        }
    };
    write(vec![event.author_id.clone()]).await?;
    if let (PostChange::Created, Some(post)) = (change, &current) {
        record_interactions(app, post, expires_at).await?;
    }
    let Some(author) = app.store.user(&event.author_id).await? else {
        return Ok(0);
    };
    if author.celebrity {
        refresh_recent(app, &author.id, Some((&event.post_id, current))).await?;
        return Ok(0);
    }
    if change == PostChange::Edited || event.visibility == Visibility::Mentioned {
        return Ok(0);
    }
    each_follower(app, &author.id, write).await
}

/// At most this many accounts a post mentions or replies to count as interactions.
const INTERACTIONS_PER_POST: usize = 10;

/// Counts the author's interactions — the accounts the post mentions and the
/// one it replies to — towards ranking their posts in the author's feed.
async fn record_interactions(app: &App, post: &Post, expires_at: i64) -> Result<()> {
    let mut targets: Vec<String> = post.mentions.iter().map(|m| m.id.clone()).collect();
    if let Some(parent) = &post.reply_to
        && let Some(parent) = app.store.post(parent).await?
    {
        targets.push(parent.author_id);
    }
    targets.sort_unstable();
    targets.dedup();
    targets.retain(|t| *t != post.author_id);
    for target in targets.iter().take(INTERACTIONS_PER_POST) {
        app.store
            .record_interaction(&post.id, &post.author_id, target, expires_at)
            .await?;
    }
    Ok(())
}

/// Calls `each` with every follower of `author`, a page at a time; returns
/// how many followers there were.
async fn each_follower<F, Fut>(app: &App, author: &str, mut each: F) -> Result<usize>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut after = None;
    let mut count = 0;
    loop {
        let (followers, next) = app.store.followers_page(author, after).await?;
        count += followers.len();
        if !followers.is_empty() {
            each(followers).await?;
        }
        match next {
            Some(position) => after = Some(position),
            None => return Ok(count),
        }
    }
}

/// How many of a celebrity's newest posts followers pull.
pub const RECENT_POSTS: i32 = 20;

/// Rebuilds an author's recent-posts item from the author's posts. The
/// author index is eventually consistent, so the post that triggered the
/// rebuild, as read by id, replaces whatever the index says about it.
async fn refresh_recent(
    app: &App,
    author: &str,
    changed: Option<(&str, Option<Post>)>,
) -> Result<()> {
    let built_at = now_ms();
    let (mut posts, _) = app.store.author_posts(author, RECENT_POSTS, None).await?;
    if let Some((id, current)) = changed {
        posts.retain(|p| p.id != id);
        posts.extend(current);
    }
    posts.retain(|p| p.visibility != Visibility::Mentioned);
    posts.sort_unstable_by(|a, b| b.id.cmp(&a.id));
    posts.truncate(RECENT_POSTS as usize);
    let recent = RecentPosts {
        author_id: author.to_owned(),
        posts,
        built_at,
    };
    app.store.put_recent_posts(&recent).await
}

/// Switches an author from push to pull: builds the recent-posts item, adds
/// the author to every follower's pulled set, and only then sets the flag
/// that stops fan-out — so until the switch is complete posts are still
/// pushed and no follower misses one. Idempotent; a lease keeps concurrent
/// follows from all running it at once.
async fn promote(app: &App, author: &str) -> Result<()> {
    if !app.store.lease_promotion(author, now_ms()).await? {
        return Ok(());
    }
    refresh_recent(app, author, None).await?;
    each_follower(app, author, |followers| async move {
        app.store.add_pulled(&followers, author).await
    })
    .await?;
    app.store.mark_celebrity(author).await
}

/// How many of a newly followed account's posts are copied into the follower's feed.
pub const BACKFILL_POSTS: i32 = 20;

/// Handles `user.followed`: a celebrity is pulled from now on; anyone else's
/// recent posts are copied into the follower's feed (mentioned-only posts
/// excepted, as in fan-out). The follow that takes an account to the
/// celebrity threshold promotes it.
pub async fn on_followed(app: &App, event: &Follow) -> Result<()> {
    let Some(followee) = app.store.user(&event.followee_id).await? else {
        return Ok(());
    };
    if followee.celebrity {
        return app
            .store
            .add_pulled(std::slice::from_ref(&event.follower_id), &followee.id)
            .await;
    }
    let (posts, _) = app
        .store
        .author_posts(&followee.id, BACKFILL_POSTS, None)
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
        .await?;
    if followee.followers_count >= app.config.celebrity_threshold {
        promote(app, &followee.id).await?;
    }
    Ok(())
}

/// Handles `user.unfollowed`: the follower stops pulling the followee. Reads
/// filter by the follow edge anyway; this keeps the pulled set from growing
/// stale.
pub async fn on_unfollowed(app: &App, event: &Follow) -> Result<()> {
    app.store
        .remove_pulled(&event.follower_id, &event.followee_id)
        .await
}

/// Handles `user.blocked`: neither account pulls the other any more.
pub async fn on_blocked(app: &App, event: &Block) -> Result<()> {
    app.store
        .remove_pulled(&event.blocker_id, &event.blocked_id)
        .await?;
    app.store
        .remove_pulled(&event.blocked_id, &event.blocker_id)
        .await
}

/// A page of the reader's home feed: pushed entries and pulled celebrity
/// posts merged newest first, then — in ranked mode — ordered by score. The
/// mode is awaited beside the feed's Query (it may need reads of its own).
/// Posts that are gone, whose author the reader no longer follows (unfollow,
/// block) or mutes, or that the reader may not see are left out.
///
/// Three DynamoDB calls whatever the number of accounts followed: the Query,
/// one BatchGetItem for the entries' posts and authors and the pulled set,
/// one for the pulled celebrities and the posts the entries share (a further
/// one per 100 keys beyond the first 100, 4 keys per celebrity or shared
/// post; and one when a pulled post on the page shares another post).
pub async fn home(
    app: &App,
    reader: &str,
    limit: i32,
    after: Option<Position>,
    mode: impl Future<Output = Result<Mode>>,
) -> Result<PostPage> {
    if limit > FEED_MAX_LIMIT {
        return Err(Error::BadRequest(format!(
            "limit must be at most {FEED_MAX_LIMIT} for the feed"
        )));
    }
    let before = after.and_then(|mut p| p.remove(BEFORE));
    let ((entries, more), mode) = tokio::try_join!(
        app.store.feed_entries(reader, limit, before.as_deref()),
        mode
    )?;
    let authors = distinct(entries.iter().map(|e| e.author_id.as_str()));
    let mut view = app
        .store
        .feed_lookup(
            reader,
            &FeedLookup {
                posts: entries.iter().map(|e| e.post_id.as_str()).collect(),
                authors: authors.clone(),
                pulled_by: Some(reader),
                ..FeedLookup::default()
            },
        )
        .await?;
    let pulled = std::mem::take(&mut view.pulled);
    let shared = shared_refs(view.posts.iter());
    if !pulled.is_empty() || !shared.is_empty() {
        let third = FeedLookup {
            posts: shared.iter().map(|r| r.id.as_str()).collect(),
            authors: pulled
                .iter()
                .map(String::as_str)
                .filter(|a| !authors.contains(a))
                .collect(),
            recent: pulled.iter().map(String::as_str).collect(),
            shared_authors: distinct(shared.iter().map(|r| r.author_id.as_str())),
            pulled_by: None,
        };
        view.extend(app.store.feed_lookup(reader, &third).await?);
    }
    let older = |p: &&Post| before.as_deref().is_none_or(|b| p.id.as_str() < b);
    let pulled_posts: Vec<Post> = view
        .recent
        .iter()
        .flat_map(|r| &r.posts)
        .filter(older)
        .cloned()
        .collect();
    let (ids, more) = newest(
        entries.into_iter().map(|e| e.post_id).collect(),
        pulled_posts.iter().map(|p| p.id.clone()).collect(),
        limit as usize,
        more,
    );
    view.posts.extend(pulled_posts);
    // Pulled posts that share another post: their originals (one more call).
    let page_posts = view.posts.iter().filter(|p| ids.contains(&p.id));
    let missing: Vec<PostRef> = shared_refs(page_posts)
        .into_iter()
        .filter(|r| !view.posts.iter().any(|p| p.id == r.id))
        .collect();
    if !missing.is_empty() {
        let originals = FeedLookup {
            posts: missing.iter().map(|r| r.id.as_str()).collect(),
            shared_authors: distinct(missing.iter().map(|r| r.author_id.as_str())),
            ..FeedLookup::default()
        };
        view.extend(app.store.feed_lookup(reader, &originals).await?);
    }
    let next = more
        .then(|| ids.last())
        .flatten()
        .map(|id| Position::from([(BEFORE.to_owned(), id.clone())]));
    let mut kept = readable(&view, reader, &ids);
    if mode == Mode::Ranked {
        let now = now();
        let rank = |post: &Post| {
            score(&Signals {
                age_hours: (now - post.created_at).as_seconds_f64() / 3600.0,
                engagement: post.replies_count,
                affinity: view.affinity.get(&post.author_id).copied().unwrap_or(0),
                has_media: !post.media.is_empty(),
            })
        };
        // Stable: equal scores stay newest first.
        kept.sort_by(|(a, _), (b, _)| rank(b).total_cmp(&rank(a)));
    }
    let originals = originals(&view, reader, &kept);
    Ok(PostPage::new(kept, next, originals))
}

/// The posts that `posts` share, each once.
fn shared_refs<'a>(posts: impl Iterator<Item = &'a Post>) -> Vec<PostRef> {
    let mut refs: Vec<PostRef> = posts.filter_map(|p| p.shared().cloned()).collect();
    refs.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    refs.dedup();
    refs
}

/// The originals of the shared posts in `kept` that the reader may see —
/// not by an account blocked either way — with their authors.
fn originals(view: &FeedView, reader: &str, kept: &[(Post, User)]) -> Vec<(Post, User)> {
    let blocked = |author: &str| {
        view.relations.iter().any(|r| {
            r.kind == RelationKind::Blocks
                && ((r.from_id == reader && r.to_id == author)
                    || (r.from_id == author && r.to_id == reader))
        })
    };
    shared_refs(kept.iter().map(|(p, _)| p))
        .into_iter()
        .filter_map(|r| {
            let post = view.posts.iter().find(|p| p.id == r.id)?;
            let author = view.users.iter().find(|u| u.id == r.author_id)?;
            let standing = ViewerRelation {
                is_author: author.id == reader,
                ..ViewerRelation::default()
            };
            (!blocked(&author.id) && visible_to(post, Some(reader), standing))
                .then(|| (post.clone(), author.clone()))
        })
        .collect()
}

/// The posts of `ids` (in that order) the reader may see in their feed, with
/// their authors: their own, or by an author they follow and do not mute,
/// visible to them.
fn readable(view: &FeedView, reader: &str, ids: &[String]) -> Vec<(Post, User)> {
    let has = |kind, author: &str| {
        view.relations
            .iter()
            .any(|r| r.kind == kind && r.to_id == author)
    };
    ids.iter()
        .filter_map(|id| view.posts.iter().find(|p| &p.id == id))
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
        .filter_map(|p| {
            let author = view.users.iter().find(|u| u.id == p.author_id)?;
            Some((p.clone(), author.clone()))
        })
        .collect()
}

/// The one field of a feed cursor: the id the next page starts below.
const BEFORE: &str = "before";
