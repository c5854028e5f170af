//! `push-realtime`: messaging events -> frames on the members' open
//! connections, and `post.created` -> a feed hint to connected followers. Redelivery can push an event twice; every frame carries the
//! event id, by which clients drop repeats (see docs/websocket.md).

use crate::graph::model::List;
use crate::messaging::model::Membership;
use crate::messaging::views::{MessageView, links};
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::events::{Event, PostChanged, Visibility, typed};
use crate::realtime::model::Frame;
use crate::realtime::service::{audience, push};
use serde_json::{Value, json};

/// A "new post in your feed" hint to the connected followers of an author
/// whose posts are fanned out (not a celebrity's, which are pulled at read
/// time; not community or mentioned-only posts, which reach no home feed).
async fn hint_followers(app: &App, post: &PostChanged) -> Result<()> {
    if post.community_id.is_some() || post.visibility == Visibility::Mentioned {
        return Ok(());
    }
    let Some(author) = app.store.user(&post.author_id).await? else {
        return Ok(());
    };
    if author.celebrity || author.followers_count >= app.config.celebrity_threshold {
        return Ok(());
    }
    let frame = Frame::Feed {
        post_id: post.post_id.clone(),
        author_id: post.author_id.clone(),
    };
    let mut after = None;
    loop {
        let (edges, next) = app
            .store
            .list_page(List::Followers, &post.author_id, 100, after)
            .await?;
        let frames = edges
            .into_iter()
            .map(|e| (e.from_id, frame.clone()))
            .collect();
        push(app, frames).await?;
        let Some(next) = next else { return Ok(()) };
        after = Some(next);
    }
}

pub async fn push_realtime(app: &'static App, event: Value) -> Result<Value> {
    let id = event["detail"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let detail_type = event["detail-type"].as_str().unwrap_or_default().to_owned();
    let data = event["detail"]["data"].clone();
    let Some(event) = typed(event)? else {
        return Ok(Value::Null);
    };
    if let Event::PostCreated(post) = &event {
        hint_followers(app, post).await?;
        return Ok(Value::Null);
    }
    let (conversation_id, actor, message_id, seq, only_actor) = match &event {
        Event::MessageCreated(m) | Event::MessageEdited(m) | Event::MessageReacted(m) => (
            &m.conversation_id,
            &m.actor_id,
            Some(&m.message_id),
            m.seq,
            false,
        ),
        Event::MessageDeleted(m) => (
            &m.conversation_id,
            &m.actor_id,
            Some(&m.message_id),
            m.seq,
            !m.for_everyone,
        ),
        Event::ConversationRead(r) => (&r.conversation_id, &r.user_id, None, 0, !r.public),
        Event::MemberAdded(c) | Event::MemberRemoved(c) | Event::ConversationUpdated(c) => {
            (&c.conversation_id, &c.actor_id, None, 0, false)
        }
        other => {
            tracing::debug!(event = ?other, "push-realtime ignores this event");
            return Ok(Value::Null);
        }
    };
    let Some((conversation, members)) = app.store.conversation_whole(conversation_id).await? else {
        return Ok(Value::Null);
    };
    let message = match message_id {
        Some(id) => match app.store.message(conversation_id, id).await? {
            Some(m) if m.expires_at.is_none_or(|at| at > now().unix_timestamp()) => Some(m),
            _ => return Ok(Value::Null),
        },
        None => None,
    };
    let mut recipients: Vec<Membership> = if only_actor {
        members
            .iter()
            .filter(|m| &m.user_id == actor)
            .cloned()
            .collect()
    } else {
        let sender = message.as_ref().map_or(actor, |m| &m.sender_id);
        audience(app, conversation.kind, &members, sender)
            .await?
            .into_iter()
            .filter(|m| m.joined_seq < seq || seq == 0)
            .collect()
    };
    if let Event::MemberRemoved(c) = &event {
        // The removed account hears it once, then nothing more.
        recipients.push(Membership::new(
            &conversation,
            &c.user_id,
            crate::messaging::model::Role::Member,
            crate::messaging::model::Status::Active,
        ));
    }
    let answered = match message.as_ref().and_then(|m| m.reply_to.as_ref()) {
        Some(reply) => {
            app.store
                .messages(conversation_id, &[reply.message_id.as_str()])
                .await?
        }
        None => Vec::new(),
    };
    let links = match &message {
        Some(m) => links(app, std::slice::from_ref(m)).await?,
        None => Default::default(),
    };
    let now = now().unix_timestamp();
    let frames = recipients
        .into_iter()
        .map(|r| {
            let mut data = data.clone();
            if let Some(message) = &message {
                let answered: Vec<_> = answered
                    .iter()
                    .filter(|a| !a.deleted && a.shown_to(&r.user_id, r.joined_seq, now))
                    .cloned()
                    .collect();
                data["message"] = json!(MessageView::of(&r.user_id, message, &answered, &links));
            }
            let frame = Frame::Event {
                id: id.clone(),
                event: detail_type.clone(),
                conversation_id: conversation_id.clone(),
                data,
            };
            (r.user_id, frame)
        })
        .collect();
    let sent = push(app, frames).await?;
    tracing::debug!(sent, "frames pushed");
    Ok(Value::Null)
}
