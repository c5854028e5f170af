//! Erasing an account's leftovers and a deleted post's. Every step is
//! conditional or a plain delete of what is still there, so a redelivered
//! event repeats nothing and a half-done run is finished by the retry.

use crate::accounts::keys::user_pk;
use crate::comments::keys::comment_pk;
use crate::comments::model::MAX_DEPTH;
use crate::communities::model::Role;
use crate::engagement::keys::{bookmark, reactions_pk};
use crate::engagement::model::Target;
use crate::engagement::service::take_back;
use crate::erasure::store::PAGE;
use crate::feeds::keys::feed_pk;
use crate::graph::model::{List, RelationKind};
use crate::messaging::messages;
use crate::messaging::service::erase_member;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Event;
use crate::platform::ids::{CommentId, Id, PostId};
use crate::posts::keys::post_pk;
use crate::posts::service::post_event;
use crate::votes::keys::votes_pk;
use crate::votes::service::withdraw;

/// Everything a deleted account left: its sessions, community memberships,
/// posts (taken out of its followers' feeds here, since fan-out needs the
/// author; the rest through `post.deleted`), follow edges both ways (the
/// other side's counts corrected), follow requests, its home feed, comments
/// (tombstoned, so replies keep their place), reactions and votes (counts
/// corrected), its messages (tombstoned) and conversation memberships, and
/// its occurrences in others' notifications (their groups count one fewer),
/// its push devices and their endpoints, and the rest of its own partition
/// (bookmarks, blocks, mutes, settings, its notifications).
/// Its media goes through `delete-media`.
#[tracing::instrument(skip(app))]
pub async fn erase_account(app: &App, user_id: &str) -> Result<()> {
    app.store.revoke_all_sessions(user_id).await?;
    leave_communities(app, user_id).await?;
    let posts = erase_owned(app, user_id).await?;
    for list in [List::Following, List::Followers] {
        let mut after = None;
        loop {
            let (edges, next) = app.store.list_page(list, user_id, PAGE, after).await?;
            if list == List::Followers {
                // Fan-out cannot retract these once the author is gone.
                let readers: Vec<String> = edges.iter().map(|e| e.from_id.clone()).collect();
                for post in &posts {
                    app.store.remove_from_feeds(&readers, post).await?;
                }
            }
            for edge in edges {
                app.store
                    .sever_follow(&edge.from_id, &edge.to_id, user_id)
                    .await?;
            }
            let Some(next) = next else { break };
            after = Some(next);
        }
    }
    let mut after = None;
    loop {
        let (requests, next) = app
            .store
            .list_page(List::FollowRequests, user_id, PAGE, after)
            .await?;
        for request in requests {
            app.store
                .remove_relation(RelationKind::Requests, &request.from_id, user_id)
                .await?;
        }
        let Some(next) = next else { break };
        after = Some(next);
    }
    // Its devices' endpoints (and their owner guards) live outside its partition.
    for device in app.store.devices(user_id).await? {
        crate::notifications::push::unregister(app, user_id, &device.id).await?;
    }
    app.store.delete_under(feed_pk(user_id), None).await?;
    app.store.delete_under(user_pk(user_id), None).await
}

/// Leaves every community but those the account owns (a community is not
/// erased with its owner; its moderators keep it).
async fn leave_communities(app: &App, user_id: &str) -> Result<()> {
    let mut after: Option<Position> = None;
    loop {
        let (memberships, next) = app.store.memberships_page(user_id, PAGE, after).await?;
        for membership in memberships.iter().filter(|m| m.role != Role::Owner) {
            app.store
                .leave_community(&membership.community_id, user_id)
                .await?;
        }
        let Some(next) = next else { return Ok(()) };
        after = Some(next);
    }
}

/// What the account wrote in others' places, from its `OWNED#` index.
/// Returns the posts it deleted, to take out of followers' feeds.
async fn erase_owned(app: &App, user_id: &str) -> Result<Vec<String>> {
    let mut posts = Vec::new();
    // Conversations are left once every message in them is tombstoned.
    let mut members = Vec::new();
    let mut after = None;
    loop {
        let (owned, next) = app.store.owned_page(user_id, after).await?;
        for item in owned {
            match item.what.split_once('#') {
                Some(("POST", id)) => {
                    if let Some(post) = app.store.post(id).await? {
                        let deleted = post_event(Event::PostDeleted, &post);
                        app.store.delete_post(&post, &deleted, None).await?;
                        posts.push(post.id);
                    }
                }
                Some(("COMMENT", id)) => {
                    if let Some(comment) = app.store.comment(id).await?
                        && !comment.deleted
                    {
                        // Lost only to a concurrent deletion: a tombstone either way.
                        let _ = app.store.delete_comment(&comment, None).await?;
                    }
                }
                Some(("REACTION", tag)) => {
                    if let Some(target) = Target::from_tag(tag) {
                        take_back(app, user_id, &target).await?;
                    }
                }
                Some(("VOTE", tag)) => {
                    if let Some(target) = Target::from_tag(tag) {
                        withdraw(app, user_id, &target).await?;
                    }
                }
                Some(("MESSAGE", place)) => {
                    if let Some((conversation, message)) = place.split_once('#') {
                        messages::erase(app, conversation, message).await?;
                    }
                }
                Some(("MEMBER", conversation)) => members.push(conversation.to_owned()),
                Some(("NOTIF", place)) => {
                    if let Some((recipient, group)) = place.split_once('#') {
                        app.store.forget_actor(recipient, group, user_id).await?;
                    }
                }
                _ => tracing::warn!(what = item.what, "erasure skips an unknown owned item"),
            }
        }
        let Some(next) = next else { break };
        after = Some(next);
    }
    for conversation in members {
        erase_member(app, user_id, &conversation).await?;
    }
    Ok(posts)
}

/// What a deleted post leaves: its comments (with their history, reactions
/// and votes), its reactions and votes, the bookmarks of it, and the rest of
/// its partition (history, repost guards, interaction markers). Its feed
/// entries go through `fanout-post`, its media through `delete-media`.
#[tracing::instrument(skip(app))]
pub async fn erase_post(app: &App, post_id: &str) -> Result<()> {
    let mut after = None;
    loop {
        let (comments, next) = app
            .store
            .thread_page(post_id, MAX_DEPTH, PAGE, after)
            .await?;
        for comment in comments {
            if let Some(id) = CommentId::parse(&comment.id) {
                erase_engagement(app, &Target::Comment(id)).await?;
            }
            app.store
                .delete_under(comment_pk(&comment.id), None)
                .await?;
        }
        let Some(next) = next else { break };
        after = Some(next);
    }
    if let Some(id) = PostId::parse(post_id) {
        erase_engagement(app, &Target::Post(id)).await?;
    }
    let mut after = None;
    loop {
        let (bookmarks, next) = app.store.bookmarked_page(post_id, after).await?;
        let keys = bookmarks
            .iter()
            .map(|b| bookmark(&b.user_id, post_id))
            .collect();
        app.store.batch_delete(keys).await?;
        let Some(next) = next else { break };
        after = Some(next);
    }
    app.store.delete_under(post_pk(post_id), None).await
}

/// The reactions and votes on a target that is gone (no counts left to fix).
async fn erase_engagement(app: &App, target: &Target) -> Result<()> {
    app.store.delete_under(reactions_pk(target), None).await?;
    app.store.delete_under(votes_pk(target), None).await
}
