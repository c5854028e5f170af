//! Messages: sending (idempotent, with a gapless sequence number per
//! conversation), history, edits, deletion for me or for everyone, and
//! reactions. Every change is one transaction with its outbox event.

use crate::media::model::Purpose;
use crate::media::service::attachments;
use crate::messaging::model::{self, Conversation, Kind, Membership, Message, ReplyRef};
use crate::messaging::service::{at_now, ensure_no_blocks, lost_race, membership};
use crate::messaging::store::{Committed, Writes};
use crate::platform::clock::{RACE_ATTEMPTS, back_off, now, now_ms};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::{Clash, Denied, Error, Result};
use crate::platform::events::{Event, MessageChanged, MessageDeleted};
use crate::platform::idempotency::IdempotencyRecord;
use crate::posts::counts::ReactionKind;

fn no_message(id: &str) -> Error {
    Error::NotFound(format!("no message {id}"))
}

fn changed(
    make: fn(MessageChanged) -> Event,
    m: &Message,
    actor: &str,
) -> crate::platform::events::Envelope {
    at_now(make(MessageChanged {
        conversation_id: m.conversation_id.clone(),
        message_id: m.id.clone(),
        sender_id: m.sender_id.clone(),
        seq: m.seq,
        actor_id: actor.to_owned(),
    }))
}

/// In a direct conversation a block either way forbids messaging.
async fn ensure_may_write(app: &App, me: &str, mine: &Membership) -> Result<()> {
    match &mine.peer_id {
        Some(peer) => ensure_no_blocks(app, me, &[peer.as_str()]).await,
        None => Ok(()),
    }
}

/// Sends a message. With an idempotency key a retry returns the first
/// message (`false`: not new) instead of sending twice, also when retries race.
pub async fn send(
    app: &App,
    me: &str,
    conversation_id: &str,
    text: &str,
    reply_to: Option<&str>,
    media: &[(String, Option<String>)],
    idempotency_key: Option<&str>,
) -> Result<(Message, bool)> {
    let text = model::check_text(text).map_err(|e| Error::Validation(vec![e]))?;
    let media = attachments(app, me, media, Purpose::Message).await?;
    // A busy conversation's senders race for its next sequence number.
    for attempt in 0..2 * RACE_ATTEMPTS {
        let (mut conversation, mine) = membership(app, me, conversation_id).await?;
        ensure_may_write(app, me, &mine).await?;
        let now_s = now().unix_timestamp();
        let reply_to = match reply_to {
            Some(id) => Some(
                app.store
                    .message(conversation_id, id)
                    .await?
                    .filter(|m| !m.deleted && m.shown_to(me, mine.joined_seq, now_s))
                    .map(|m| ReplyRef {
                        message_id: m.id,
                        sender_id: m.sender_id,
                    })
                    .ok_or_else(|| Error::validation("reply_to", "no such message here"))?,
            ),
            None => None,
        };
        conversation.seq += 1;
        let mut message = Message {
            id: ulid::Ulid::generate().to_string(),
            conversation_id: conversation_id.to_owned(),
            sender_id: me.to_owned(),
            seq: conversation.seq,
            text: text.clone(),
            reply_to,
            media: media.clone(),
            created_at: now_ms(),
            edited_at: None,
            deleted: false,
            hidden_for: Vec::new(),
            reactions: Default::default(),
            expires_at: conversation.disappearing_secs.map(|secs| now_s + secs),
            rev: 0,
        };
        // Only the conversation's sequence is contended; the members'
        // entries (the sender's too) follow through `update-inboxes`.
        let mut writes = Writes::default();
        writes
            .conversation(&app.store, &mut conversation)
            .message(&app.store, &mut message)
            .attach(&app.store, &message)
            .event(&app.store, &changed(Event::MessageCreated, &message, me));
        let idempotency = idempotency_key.map(|key| {
            let ids: Vec<&str> = message.media.iter().map(|a| a.media_id.as_str()).collect();
            let request = (conversation_id, &message.text, &message.reply_to, ids);
            IdempotencyRecord::new(me, key, &request, message.id.clone(), now_s)
        });
        if let Some(record) = &idempotency {
            writes.idempotency(&app.store, record);
        }
        match app.store.commit(writes).await? {
            Committed::Done => return Ok((message, true)),
            Committed::Replayed(earlier) => {
                idempotency.expect("only with a key").replays(&earlier)?;
                let first = app
                    .store
                    .message(conversation_id, &earlier.result)
                    .await?
                    .ok_or_else(|| no_message(&earlier.result))?;
                return Ok((first, false));
            }
            Committed::MediaTaken => {
                return Err(Error::validation(
                    "media",
                    "an image is not ready or is attached elsewhere already",
                ));
            }
            Committed::Raced | Committed::DirectExists(_) => back_off(attempt).await,
        }
    }
    Err(lost_race())
}

/// A page of history, newest first, as `me` sees it: what was there
/// before I joined, what I deleted for myself, what has expired, and (in
/// groups) what accounts I block or who block me wrote, left out. Also
/// returns the messages the page's replies answer, for their excerpts.
pub async fn history(
    app: &App,
    me: &str,
    conversation_id: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<Message>, Vec<Message>, Option<Position>)> {
    let (conversation, mine) = membership(app, me, conversation_id).await?;
    let (page, next) = app
        .store
        .messages_page(conversation_id, limit, after)
        .await?;
    let now_s = now().unix_timestamp();
    let mut shown: Vec<Message> = page
        .into_iter()
        .filter(|m| m.shown_to(me, mine.joined_seq, now_s))
        .collect();
    hide_blocked(app, me, &conversation, &mut shown).await?;
    let answered = answered(app, me, &mine, &shown).await?;
    Ok((shown, answered, next))
}

async fn hide_blocked(
    app: &App,
    me: &str,
    c: &Conversation,
    messages: &mut Vec<Message>,
) -> Result<()> {
    if c.kind == Kind::Direct {
        return Ok(());
    }
    let senders = crate::platform::ids::distinct(
        messages
            .iter()
            .map(|m| m.sender_id.as_str())
            .filter(|s| *s != me),
    );
    if senders.is_empty() {
        return Ok(());
    }
    let blocked = app.store.blocked_among(me, &senders).await?;
    messages.retain(|m| !blocked.contains(&m.sender_id));
    Ok(())
}

/// The still-shown messages that `messages` reply to (one BatchGetItem).
async fn answered(
    app: &App,
    me: &str,
    mine: &Membership,
    messages: &[Message],
) -> Result<Vec<Message>> {
    let ids: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.reply_to.as_ref().map(|r| r.message_id.as_str()))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let now_s = now().unix_timestamp();
    Ok(app
        .store
        .messages(&mine.conversation_id, &ids)
        .await?
        .into_iter()
        .filter(|m| !m.deleted && m.shown_to(me, mine.joined_seq, now_s))
        .collect())
}

/// One message as `me` sees it, with what it answers.
pub async fn one(
    app: &App,
    me: &str,
    conversation_id: &str,
    message_id: &str,
) -> Result<(Message, Vec<Message>)> {
    let (_, mine) = membership(app, me, conversation_id).await?;
    let message = shown(app, me, &mine, message_id).await?;
    let answered = answered(app, me, &mine, std::slice::from_ref(&message)).await?;
    Ok((message, answered))
}

async fn shown(app: &App, me: &str, mine: &Membership, message_id: &str) -> Result<Message> {
    app.store
        .message(&mine.conversation_id, message_id)
        .await?
        .filter(|m| m.shown_to(me, mine.joined_seq, now().unix_timestamp()))
        .ok_or_else(|| no_message(message_id))
}

/// Reads a message I can see, changes it, and writes it with its event,
/// retrying when it changed meanwhile.
async fn change(
    app: &App,
    me: &str,
    conversation_id: &str,
    message_id: &str,
    apply: impl Fn(&mut Message) -> Result<Option<crate::platform::events::Envelope>>,
) -> Result<Message> {
    let (_, mine) = membership(app, me, conversation_id).await?;
    for attempt in 0..RACE_ATTEMPTS {
        let mut message = shown(app, me, &mine, message_id).await?;
        let Some(event) = apply(&mut message)? else {
            return Ok(message);
        };
        let mut writes = Writes::default();
        writes
            .message(&app.store, &mut message)
            .event(&app.store, &event);
        if let Committed::Done = app.store.commit(writes).await? {
            return Ok(message);
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

fn ensure_sender(me: &str, m: &Message) -> Result<()> {
    if m.sender_id == me {
        Ok(())
    } else {
        Err(Error::denied(
            Denied::NotTheAuthor,
            "only its sender can do this to a message",
        ))
    }
}

/// Edits my message within 15 minutes of sending it; marked as edited.
pub async fn edit(
    app: &App,
    me: &str,
    conversation_id: &str,
    message_id: &str,
    text: &str,
) -> Result<Message> {
    let text = model::check_text(text).map_err(|e| Error::Validation(vec![e]))?;
    change(app, me, conversation_id, message_id, |m| {
        ensure_sender(me, m)?;
        if !m.editable(now_ms()) {
            return Err(Error::clash(
                Clash::EditWindowClosed,
                "a message can be edited for 15 minutes after sending",
            ));
        }
        if m.text == text {
            return Ok(None);
        }
        m.text = text.clone();
        m.edited_at = Some(now_ms());
        Ok(Some(changed(Event::MessageEdited, m, me)))
    })
    .await
}

/// Deletes a message for everyone (its sender: a tombstone stays, its text
/// and reactions go) or only for me (any member). Idempotent.
pub async fn delete(
    app: &App,
    me: &str,
    conversation_id: &str,
    message_id: &str,
    for_everyone: bool,
) -> Result<()> {
    change(app, me, conversation_id, message_id, |m| {
        let mut media = Vec::new();
        if for_everyone {
            ensure_sender(me, m)?;
            if m.deleted {
                return Ok(None);
            }
            media = tombstone(m);
        } else {
            m.hidden_for.push(me.to_owned());
        }
        Ok(Some(at_now(Event::MessageDeleted(MessageDeleted {
            conversation_id: m.conversation_id.clone(),
            message_id: m.id.clone(),
            sender_id: m.sender_id.clone(),
            seq: m.seq,
            actor_id: me.to_owned(),
            for_everyone,
            media,
        }))))
    })
    .await?;
    Ok(())
}

/// What deleting for everyone leaves: its place, nothing of what it said.
fn tombstone(m: &mut Message) -> Vec<String> {
    m.deleted = true;
    m.text.clear();
    m.reply_to = None;
    m.reactions.clear();
    std::mem::take(&mut m.media)
        .into_iter()
        .map(|a| a.media_id)
        .collect()
}

/// Tombstones a message of an erased account, whatever its sender still
/// sees of it. Idempotent.
pub async fn erase(app: &App, conversation_id: &str, message_id: &str) -> Result<()> {
    for attempt in 0..RACE_ATTEMPTS {
        let Some(mut message) = app.store.message(conversation_id, message_id).await? else {
            return Ok(());
        };
        if message.deleted {
            return Ok(());
        }
        let media = tombstone(&mut message);
        let event = at_now(Event::MessageDeleted(MessageDeleted {
            conversation_id: message.conversation_id.clone(),
            message_id: message.id.clone(),
            sender_id: message.sender_id.clone(),
            seq: message.seq,
            actor_id: message.sender_id.clone(),
            for_everyone: true,
            media,
        }));
        let mut writes = Writes::default();
        writes
            .message(&app.store, &mut message)
            .event(&app.store, &event);
        if let Committed::Done = app.store.commit(writes).await? {
            return Ok(());
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

/// Sets (`Some`) or takes back (`None`) my one reaction to a message.
pub async fn react(
    app: &App,
    me: &str,
    conversation_id: &str,
    message_id: &str,
    kind: Option<ReactionKind>,
) -> Result<Message> {
    let (_, mine) = membership(app, me, conversation_id).await?;
    ensure_may_write(app, me, &mine).await?;
    change(app, me, conversation_id, message_id, |m| {
        if m.deleted {
            return Err(Error::validation("message_id", "the message was deleted"));
        }
        let before = m.reactions.get(me).copied();
        if before == kind {
            return Ok(None);
        }
        match kind {
            Some(kind) => m.reactions.insert(me.to_owned(), kind),
            None => m.reactions.remove(me),
        };
        Ok(Some(changed(Event::MessageReacted, m, me)))
    })
    .await
}
