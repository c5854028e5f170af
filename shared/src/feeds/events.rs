//! The feed's event handlers. Both are idempotent: feed keys are
//! deterministic, set updates add or remove one member, and a rebuild reads
//! the current posts.

use crate::feeds::service::{self as feeds, PostChange};
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::events::{Event, typed};
use crate::platform::metrics::{self, Unit};
use serde_json::Value;

/// `fanout-post`: `post.created` / `post.edited` / `post.deleted` -> home
/// feeds (pushed entries, or a celebrity's recent-posts item).
pub async fn fanout_post(app: &'static App, event: Value) -> Result<Value> {
    let (change, post) = match typed(event)? {
        Some(Event::PostCreated(post)) => (PostChange::Created, post),
        Some(Event::PostEdited(post)) => (PostChange::Edited, post),
        Some(Event::PostDeleted(post)) => (PostChange::Deleted, post),
        Some(other) => {
            tracing::warn!(event = ?other, "fanout-post ignores this event");
            return Ok(Value::Null);
        }
        None => return Ok(Value::Null),
    };
    let pushed = feeds::on_post(app, change, &post).await?;
    if change == PostChange::Created {
        // Followers' feeds the post was pushed to (0 for a celebrity's: pulled).
        metrics::emit(&[("FanoutSize", pushed as f64, Unit::Count)]);
    }
    Ok(Value::Null)
}

/// `backfill-feed`: `user.followed` / `user.unfollowed` / `user.blocked` ->
/// the follower's feed follows the graph: recent posts backfilled or the
/// celebrity pulled on a follow, the pull dropped on an unfollow or block.
pub async fn backfill_feed(app: &'static App, event: Value) -> Result<Value> {
    match typed(event)? {
        Some(Event::UserFollowed(follow)) => feeds::on_followed(app, &follow).await?,
        Some(Event::UserUnfollowed(follow)) => feeds::on_unfollowed(app, &follow).await?,
        Some(Event::UserBlocked(block)) => feeds::on_blocked(app, &block).await?,
        Some(other) => tracing::warn!(event = ?other, "backfill-feed ignores this event"),
        None => {}
    }
    Ok(Value::Null)
}
