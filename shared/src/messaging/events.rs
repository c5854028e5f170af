//! `update-inboxes`: keeps every member's inbox entry (order, preview,
//! unread count, title) in step with the conversation. Idempotent: an entry
//! moves only forward (`last_seq`), and a preview changes only for its own
//! message, so redelivery changes nothing.

use crate::messaging::model::{Kind, Membership, Message, Status};
use crate::messaging::store::{Committed, Writes};
use crate::platform::clock::{RACE_ATTEMPTS, back_off};
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::platform::events::{Event, typed};
use serde_json::Value;

pub async fn update_inboxes(app: &'static App, event: Value) -> Result<Value> {
    let (conversation_id, message_id) = match typed(event)? {
        Some(Event::MessageCreated(m) | Event::MessageEdited(m)) => {
            (m.conversation_id, Some(m.message_id))
        }
        Some(Event::MessageDeleted(m)) if m.for_everyone => (m.conversation_id, Some(m.message_id)),
        Some(Event::ConversationUpdated(c)) => (c.conversation_id, None),
        Some(other) => {
            tracing::debug!(event = ?other, "update-inboxes ignores this event");
            return Ok(Value::Null);
        }
        None => return Ok(Value::Null),
    };
    let message = match &message_id {
        Some(id) => match app.store.message(&conversation_id, id).await? {
            Some(message) => Some(message),
            // Expired and deleted by TTL meanwhile: nothing to show.
            None => return Ok(Value::Null),
        },
        None => None,
    };
    for attempt in 0..RACE_ATTEMPTS {
        let Some((conversation, members)) = app.store.conversation_whole(&conversation_id).await?
        else {
            return Ok(Value::Null);
        };
        let blocked = match (&message, conversation.kind) {
            (Some(m), Kind::Group) => {
                let others: Vec<&str> = members
                    .iter()
                    .map(|m| m.user_id.as_str())
                    .filter(|u| *u != m.sender_id)
                    .collect();
                app.store.blocked_among(&m.sender_id, &others).await?
            }
            _ => Vec::new(),
        };
        let mut raced = false;
        for member in members {
            if blocked.contains(&member.user_id) {
                continue;
            }
            let mut updated = member.clone();
            match &message {
                Some(message) => follow_message(&mut updated, message),
                None => updated.title.clone_from(&conversation.title),
            }
            if updated == member {
                continue;
            }
            let mut writes = Writes::default();
            writes.membership(&app.store, &mut updated);
            raced |= matches!(app.store.commit(writes).await?, Committed::Raced);
        }
        if !raced {
            return Ok(Value::Null);
        }
        back_off(attempt).await;
    }
    Err(Error::bug("inbox entries kept changing"))
}

/// A member's entry after `message` was sent or changed.
fn follow_message(entry: &mut Membership, message: &Message) {
    if message.seq <= entry.joined_seq {
        return;
    }
    if entry.user_id == message.sender_id && message.seq > entry.read_seq {
        // Sending answers a request, and the sender has read their own message.
        entry.status = Status::Active;
        entry.read_seq = message.seq;
        entry.read_message_id = Some(message.id.clone());
    }
    if message.seq > entry.last_seq {
        entry.last_seq = message.seq;
        entry.last_at = message.created_at;
        entry.preview = Some(message.preview());
    } else if entry
        .preview
        .as_ref()
        .is_some_and(|p| p.message_id == message.id)
    {
        entry.preview = Some(message.preview());
    }
}
