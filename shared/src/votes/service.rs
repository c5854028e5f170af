//! Up and down votes on community posts and their comments: one vote per
//! account per target, exact under races and retries, honouring
//! `Idempotency-Key`.

use crate::access::service::ensure_may_take_part;
use crate::comments::service::visible_comment;
use crate::communities::model::controversy;
use crate::communities::model::hot;
use crate::engagement::model::Target;
use crate::platform::clock::RACE_ATTEMPTS;
use crate::platform::clock::back_off;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Error};
use crate::platform::events::{Event, VoteCast};
use crate::platform::idempotency::IdempotencyRecord;
use crate::posts::reading::visible_post;
use crate::votes::store::Vote;
use crate::votes::store::VoteWrite;

/// The community a target belongs to and the post it is (or is under).
async fn community_of(app: &App, me: &str, target: &Target) -> Result<(String, String)> {
    let post = match target {
        Target::Post(id) => visible_post(app, Some(me), id).await?,
        Target::Comment(id) => {
            let comment = visible_comment(app, Some(me), id).await?;
            if comment.deleted {
                return Err(Error::NotFound(format!("no comment {id}")));
            }
            visible_post(app, Some(me), &comment.post_id).await?
        }
    };
    let community = post.community_id.ok_or_else(|| {
        Error::validation(
            "target",
            "only community posts and their comments take votes",
        )
    })?;
    Ok((community, post.id))
}

/// Sets my vote on `target` to `value` (1 up, -1 down, 0 none). Returns
/// whether this was a replay of an earlier request with the same
/// `Idempotency-Key` (which then changes nothing); the key with another
/// request is a 409.
pub async fn vote(
    app: &App,
    me: &str,
    target: &Target,
    value: i8,
    idempotency_key: Option<&str>,
) -> Result<bool> {
    if !(-1..=1).contains(&value) {
        return Err(Error::validation("value", "must be 1, -1 or 0"));
    }
    // My own vote can always be taken back, whatever I may see now (taking
    // back is idempotent by nature, so no key is needed for it).
    if value == 0 && app.store.vote(target, me).await?.is_some() {
        withdraw(app, me, target).await?;
        return Ok(false);
    }
    let record = idempotency_key.map(|key| {
        let request = ("vote", target.tag(), value);
        IdempotencyRecord::new(me, key, &request, target.tag(), now().unix_timestamp())
    });
    if let Some(record) = &record
        && replayed(app, record).await?
    {
        return Ok(true);
    }
    let place = community_of(app, me, target).await?;
    ensure_may_take_part(app, me, &place.0).await?;
    cast(app, me, target, value, place, record.as_ref()).await
}

/// Moves `me`'s vote on `target` (in `community`, on or under `post_id`) to
/// `value`, retrying races; true for a replayed `Idempotency-Key`.
async fn cast(
    app: &App,
    me: &str,
    target: &Target,
    value: i8,
    (community, post_id): (String, String),
    record: Option<&IdempotencyRecord>,
) -> Result<bool> {
    for attempt in 0..RACE_ATTEMPTS {
        let previous = app.store.vote(target, me).await?.map_or(0, |v| v.value);
        if previous == value && record.is_none() {
            return Ok(false);
        }
        let vote = Vote {
            target: target.tag(),
            user_id: me.to_owned(),
            value,
            created_at: now_ms(),
        };
        let event = Event::VoteCast(VoteCast {
            target: vote.target.clone(),
            post_id: post_id.clone(),
            community_id: community.clone(),
            user_id: me.to_owned(),
            value,
            previous,
        })
        .at(vote.created_at / 1000);
        match app
            .store
            .set_vote(target, &vote, previous, &event, record)
            .await?
        {
            VoteWrite::Done => return Ok(false),
            VoteWrite::Raced => back_off(attempt).await,
            VoteWrite::KeyUsed => {
                let record = record.expect("only with a key");
                if replayed(app, record).await? {
                    return Ok(true);
                }
            }
            VoteWrite::TargetGone => {
                return Err(Error::NotFound(format!("no {}", target.tag())));
            }
        }
    }
    Err(Error::clash(
        Clash::Changed,
        "the vote kept changing; try again",
    ))
}

/// Takes back `user_id`'s vote on `target` (counts corrected), whatever the
/// account may see now; a vote on a target that is gone is just deleted.
pub async fn withdraw(app: &App, user_id: &str, target: &Target) -> Result<()> {
    let post_id = match target {
        Target::Post(id) => Some(id.to_string()),
        Target::Comment(id) => app.store.comment(id).await?.map(|c| c.post_id),
    };
    let post = match post_id {
        Some(id) => app.store.post(&id).await?,
        None => None,
    };
    match post.and_then(|p| Some((p.community_id?, p.id))) {
        Some(place) => match cast(app, user_id, target, 0, place, None).await {
            Err(Error::NotFound(_)) => app.store.forget_vote(target, user_id).await,
            other => other.map(drop),
        },
        None => app.store.forget_vote(target, user_id).await,
    }
}

/// True if the key was used for this same request; a 409 if for another.
async fn replayed(app: &App, record: &IdempotencyRecord) -> Result<bool> {
    match app
        .store
        .idempotency_record(&record.user_id, &record.key)
        .await?
    {
        None => Ok(false),
        Some(earlier) => record.replays(&earlier),
    }
}

/// Handles `vote.cast`: recomputes the post's hot and controversial ranks
/// from its current counts (so redelivery and reordering change nothing).
pub async fn rank(app: &App, event: &VoteCast) -> Result<()> {
    if !event.target.starts_with("post:") {
        return Ok(()); // comments are read in thread order, not ranked
    }
    let Some(post) = app.store.post(&event.post_id).await? else {
        return Ok(());
    };
    let (ups, downs) = (post.votes.ups, post.votes.downs);
    app.store
        .set_ranks(
            &post.id,
            hot(ups, downs, post.created_at),
            controversy(ups, downs),
        )
        .await
}
