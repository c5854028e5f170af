//! `notify`: events -> the notices they mean to each account concerned;
//! `notify-messages`: a message still unread a little after it came.
//! An event tells one account one thing (a reply that mentions me is a
//! reply), and redelivery changes nothing (see the store).

use crate::messaging::model::Status;
use crate::notifications::model::{Kind, Notice};
use crate::notifications::service::deliver;
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::platform::events::{Event, Visibility, typed};
use crate::realtime::service::audience;
use serde_json::Value;

/// The event's id (what deduplicates it) and when it happened (epoch ms:
/// the ULID's time, which orders events within a second). An event without
/// a ULID id is a permanent failure.
fn stamp(event: &Value) -> Result<(String, i64)> {
    let id = event["detail"]["id"].as_str().unwrap_or_default();
    let ulid = ulid::Ulid::from_string(id)
        .map_err(|_| Error::BadRequest(format!("not a Kith event id: {id:?}")))?;
    Ok((ulid.to_string(), ulid.timestamp_ms() as i64))
}

/// Notices under construction, at most one per recipient.
struct Notices {
    event_id: String,
    at: i64,
    all: Vec<Notice>,
}

impl Notices {
    /// A notice to `user_id` about `target` (in the thread of `post_id`),
    /// unless this event tells them something already.
    fn add(
        &mut self,
        user_id: &str,
        kind: Kind,
        actor_id: &str,
        target: String,
        post_id: Option<&str>,
    ) -> Option<&mut Notice> {
        if self.all.iter().any(|n| n.user_id == user_id) {
            return None;
        }
        self.all.push(Notice {
            user_id: user_id.to_owned(),
            kind,
            actor_id: actor_id.to_owned(),
            target,
            subject: None,
            post_id: post_id.map(str::to_owned),
            detail: None,
            event_id: self.event_id.clone(),
            at: self.at,
            private_mention: false,
        });
        self.all.last_mut()
    }
}

/// The author of `post:<id>` / `comment:<id>` / the account of `user:<id>`,
/// with the post whose thread it is in.
async fn owner_of(app: &App, target: &str) -> Result<Option<(String, Option<String>)>> {
    Ok(match target.split_once(':') {
        Some(("post", id)) => app.store.post(id).await?.map(|p| (p.author_id, Some(p.id))),
        Some(("comment", id)) => app
            .store
            .comment(id)
            .await?
            .map(|c| (c.author_id, Some(c.post_id))),
        Some(("user", id)) => Some((id.to_owned(), None)),
        _ => None,
    })
}

async fn notices(app: &App, event: &Event, notices: &mut Notices) -> Result<()> {
    match event {
        Event::UserFollowed(f) if f.accepted => {
            let target = format!("user:{}", f.followee_id);
            notices.add(
                &f.follower_id,
                Kind::FollowAccepted,
                &f.followee_id,
                target,
                None,
            );
        }
        Event::UserFollowed(f) | Event::FollowRequested(f) => {
            let kind = match event {
                Event::FollowRequested(_) => Kind::FollowRequest,
                _ => Kind::Follow,
            };
            let target = format!("user:{}", f.followee_id);
            notices.add(&f.followee_id, kind, &f.follower_id, target, None);
        }
        Event::ReactionAdded(r) if r.previous.is_none() => {
            let post_id = match r.target.split_once(':') {
                Some(("post", id)) => Some(id.to_owned()),
                _ => owner_of(app, &r.target).await?.and_then(|(_, post)| post),
            };
            let target = r.target.clone();
            if let Some(n) = notices.add(
                &r.target_author_id,
                Kind::Reaction,
                &r.user_id,
                target,
                post_id.as_deref(),
            ) {
                n.detail = Some(r.kind.clone());
            }
        }
        Event::CommentCreated(c) => {
            let subject = format!("comment:{}", c.comment_id);
            let post = Some(c.post_id.as_str());
            if let (Some(parent), Some(parent_author)) = (&c.parent_id, &c.parent_author_id) {
                let target = format!("comment:{parent}");
                if let Some(n) = notices.add(parent_author, Kind::Reply, &c.author_id, target, post)
                {
                    n.subject = Some(subject.clone());
                }
            }
            let target = format!("post:{}", c.post_id);
            if let Some(n) =
                notices.add(&c.post_author_id, Kind::Comment, &c.author_id, target, post)
            {
                n.subject = Some(subject);
            }
        }
        Event::PostCreated(p) => post_created(app, &p.post_id, notices).await?,
        Event::ModAction(m) => {
            let Some((owner, post_id)) = owner_of(app, &m.target).await? else {
                return Ok(());
            };
            let (kind, target) = if m.action == "approve_member" {
                (Kind::JoinApproved, format!("community:{}", m.community_id))
            } else {
                (Kind::Moderation, m.target.clone())
            };
            if let Some(n) = notices.add(&owner, kind, &m.moderator_id, target, post_id.as_deref())
            {
                n.detail = Some(m.action.clone());
            }
        }
        Event::ReportResolved(r) => {
            let target = format!("report:{}", r.report_id);
            if let Some(n) = notices.add(
                &r.reporter_id,
                Kind::ReportResolved,
                &r.resolver_id,
                target,
                None,
            ) {
                n.detail = Some(r.resolution.clone());
            }
        }
        other => tracing::debug!(event = ?other, "notify ignores this event"),
    }
    Ok(())
}

/// A new post: a repost tells the reposted author; otherwise a reply tells
/// the author replied to, a quote the quoted one, a mention each mentioned.
async fn post_created(app: &App, post_id: &str, notices: &mut Notices) -> Result<()> {
    let Some(post) = app.store.post(post_id).await? else {
        return Ok(());
    };
    let subject = format!("post:{}", post.id);
    if let Some(shared) = &post.repost_of {
        let target = format!("post:{}", shared.id);
        if let Some(n) = notices.add(
            &shared.author_id,
            Kind::Repost,
            &post.author_id,
            target,
            Some(&shared.id),
        ) {
            n.subject = Some(subject);
        }
        return Ok(());
    }
    if let Some(parent) = &post.reply_to
        && let Some(replied) = app.store.post(parent).await?
    {
        let target = format!("post:{parent}");
        if let Some(n) = notices.add(
            &replied.author_id,
            Kind::Reply,
            &post.author_id,
            target,
            Some(parent),
        ) {
            n.subject = Some(subject.clone());
        }
    }
    if let Some(quoted) = &post.quote_of {
        let target = format!("post:{}", quoted.id);
        if let Some(n) = notices.add(
            &quoted.author_id,
            Kind::Quote,
            &post.author_id,
            target,
            Some(&quoted.id),
        ) {
            n.subject = Some(subject.clone());
        }
    }
    // Accounts replied to have heard already, so a mention left is never
    // in reply to its account: a private one is unsolicited.
    for mention in &post.mentions {
        if let Some(n) = notices.add(
            &mention.id,
            Kind::Mention,
            &post.author_id,
            subject.clone(),
            Some(&post.id),
        ) {
            n.private_mention = post.visibility == Visibility::Mentioned;
        }
    }
    Ok(())
}

pub async fn notify(app: &'static App, event: Value) -> Result<Value> {
    let (event_id, at) = stamp(&event)?;
    let Some(event) = typed(event)? else {
        return Ok(Value::Null);
    };
    let mut found = Notices {
        event_id,
        at,
        all: Vec::new(),
    };
    notices(app, &event, &mut found).await?;
    for notice in &found.all {
        let outcome = deliver(app, notice).await?;
        tracing::debug!(?outcome, "notice delivered");
    }
    Ok(Value::Null)
}

/// `message.created`, [`MESSAGE_DELAY_SECS`] later (the delay queue in front
/// of this handler waits, not the function): a message notification to each
/// member who has not read it by then and had read everything before it (one
/// per burst of messages, not one per message), unless muted.
///
/// [`MESSAGE_DELAY_SECS`]: crate::notifications::model::MESSAGE_DELAY_SECS
pub async fn notify_messages(app: &'static App, event: Value) -> Result<Value> {
    let (event_id, at) = stamp(&event)?;
    let Some(Event::MessageCreated(m)) = typed(event)? else {
        return Ok(Value::Null);
    };
    let Some((conversation, members)) = app.store.conversation_whole(&m.conversation_id).await?
    else {
        return Ok(Value::Null);
    };
    let mut found = Notices {
        event_id,
        at,
        all: Vec::new(),
    };
    for member in audience(app, conversation.kind, &members, &m.sender_id).await? {
        if member.status == Status::Active
            && !member.muted
            && member.read_seq + 1 == m.seq
            && member.joined_seq < m.seq
        {
            let target = format!("conversation:{}", m.conversation_id);
            if let Some(n) = found.add(&member.user_id, Kind::Message, &m.sender_id, target, None) {
                n.subject = Some(format!("message:{}", m.message_id));
            }
        }
    }
    for notice in &found.all {
        deliver(app, notice).await?;
    }
    Ok(Value::Null)
}

/// `release-pushes`, every quarter hour: one summary push to each account
/// whose quiet hours ended, of what they held.
pub async fn release_pushes(app: &'static App, _schedule: Value) -> Result<Value> {
    let released =
        crate::notifications::push::release(app, crate::platform::clock::now_ms()).await?;
    tracing::info!(released, "quiet-hours summaries pushed");
    Ok(serde_json::json!({ "released": released }))
}

/// The latest a run may send early (a week and a day ahead).
const DUE_BY_MAX_MS: i64 = 8 * 86_400_000;

/// `send-digests`, hourly: the digests due by now, or by the event's
/// `due_by` (RFC 3339; operators and `kith-local` send some early).
pub async fn send_digests(app: &'static App, event: Value) -> Result<Value> {
    let now = crate::platform::clock::now_ms();
    let due_by = match event.get("due_by").and_then(Value::as_str) {
        None => now,
        Some(raw) => raw
            .parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_millisecond())
            .filter(|t| *t <= now + DUE_BY_MAX_MS)
            .ok_or_else(|| {
                Error::BadRequest(format!(
                    "due_by must be an RFC 3339 time at most 8 days ahead: {raw:?}"
                ))
            })?,
    };
    let sent = crate::notifications::digest::send_due(app, now, due_by).await?;
    tracing::info!(sent, "digests sent");
    Ok(serde_json::json!({ "sent": sent }))
}

/// `push-failures`: SNS's delivery-failure events of the platform
/// applications (the provider rejected a token, so SNS disabled its
/// endpoint): the endpoint and its device are removed.
pub async fn push_failures(app: &'static App, event: Value) -> Result<Value> {
    let mut removed = 0;
    for message in sns_messages(&event) {
        let Some(endpoint) = message["EndpointArn"].as_str() else {
            tracing::warn!(?message, "a push failure without an endpoint; acknowledged");
            continue;
        };
        crate::notifications::push::forget_endpoint(app, endpoint).await?;
        removed += 1;
    }
    Ok(serde_json::json!({ "removed": removed }))
}

/// The JSON messages of an SNS delivery to Lambda (those that are not JSON
/// are logged and skipped).
fn sns_messages(event: &Value) -> Vec<Value> {
    let records = event["Records"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    records
        .iter()
        .filter_map(|record| {
            let message = record["Sns"]["Message"].as_str()?;
            let parsed = serde_json::from_str(message).ok();
            if parsed.is_none() {
                tracing::warn!(message, "an SNS message that is not JSON; acknowledged");
            }
            parsed
        })
        .collect()
}

/// `email-feedback`: SES bounce and complaint events (through SNS) put the
/// address on the suppression list that every send checks. Only permanent
/// bounces count; a full mailbox may empty.
pub async fn email_feedback(app: &'static App, event: Value) -> Result<Value> {
    let mut suppressed = 0;
    for message in sns_messages(&event) {
        let kind = message["eventType"]
            .as_str()
            .or(message["notificationType"].as_str())
            .unwrap_or_default();
        let (reason, recipients) = match kind {
            "Bounce" if message["bounce"]["bounceType"] == "Permanent" => {
                ("bounce", &message["bounce"]["bouncedRecipients"])
            }
            "Complaint" => ("complaint", &message["complaint"]["complainedRecipients"]),
            _ => continue,
        };
        let why = crate::platform::store::suppression::Suppressed {
            reason: reason.to_owned(),
            at: crate::platform::clock::now_ms(),
        };
        for address in recipients
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["emailAddress"].as_str())
        {
            app.store.suppress(address, &why).await?;
            suppressed += 1;
        }
    }
    Ok(serde_json::json!({ "suppressed": suppressed }))
}
