//! Connections and the frames pushed to them. No I/O.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// API Gateway closes a connection after two hours; its record expires a
/// little later through the table's TTL, in case `$disconnect` never came.
pub const CONNECTION_TTL_SECS: i64 = 2 * 3600 + 300;
/// A connection is recorded by `$connect` before API Gateway establishes
/// it, and until then pushes to it answer 410: a record younger than this is
/// not taken for gone.
pub const CONNECT_GRACE_SECS: i64 = 30;
/// How long a typing indicator lasts unless renewed.
pub const TYPING_SECS: u32 = 5;
/// A connection heard from (connect, ping) within this long is online; one
/// heard from earlier is away.
pub const ONLINE_SECS: i64 = 60;
/// Accounts one `presence` action may ask about.
pub const PRESENCE_MAX: usize = 100;
/// API Gateway's WebSocket frame limit; larger payloads go as ids only.
pub const FRAME_MAX_BYTES: usize = 32 * 1024;

/// An open WebSocket connection of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub connection_id: String,
    pub user_id: String,
    /// Epoch seconds.
    pub connected_at: i64,
    pub expires_at: i64,
    /// When the client was last heard from (connect or ping), epoch seconds.
    #[serde(default)]
    pub seen_at: i64,
}

impl Connection {
    pub fn open(&self, now: i64) -> bool {
        self.expires_at > now
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Online,
    Away,
    Offline,
}

/// An account's presence from its connections: online if one was heard from
/// within a minute, away if only earlier, offline without one.
pub fn presence(connections: &[Connection], now: i64) -> Presence {
    let open = connections.iter().filter(|c| c.open(now));
    match open.map(|c| c.seen_at).max() {
        Some(seen) if now - seen <= ONLINE_SECS => Presence::Online,
        Some(_) => Presence::Away,
        None => Presence::Offline,
    }
}

/// One account's presence in a `presence` frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PresenceOf {
    pub user_id: String,
    pub status: Presence,
}

/// A frame the server sends. Every frame has a `type`; events carry the
/// event's id, so a client that sees one twice (redelivery) drops it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Frame {
    /// Something happened in a conversation (`event` is its detail-type).
    Event {
        id: String,
        event: String,
        conversation_id: String,
        /// The event's payload, with the message as the recipient sees it
        /// where there is one and it fits.
        data: Value,
    },
    Typing {
        conversation_id: String,
        user_id: String,
        expires_in_secs: u32,
    },
    /// The presence of accounts asked about (hidden ones show offline),
    /// and later each change of a watched account.
    Presence {
        statuses: Vec<PresenceOf>,
    },
    /// A post by an account I follow reached my home feed: fetch it by id
    /// (`GET /v1/posts/{post_id}`) or refresh the feed.
    Feed {
        post_id: String,
        author_id: String,
    },
    /// A new notification, or a group that grew, with my unread count.
    Notification {
        notification: Value,
        unread: usize,
    },
    Pong,
    Error {
        code: String,
        message: String,
    },
}

impl Frame {
    /// The frame as sent: its JSON, or without `data.message` when that
    /// would pass the frame limit (the client fetches it by id).
    pub fn encode(&self) -> Vec<u8> {
        let bytes = serde_json::to_vec(self).expect("a frame serialises");
        if bytes.len() <= FRAME_MAX_BYTES {
            return bytes;
        }
        let mut slim = self.clone();
        if let Frame::Event { data, .. } = &mut slim
            && let Some(object) = data.as_object_mut()
        {
            object.remove("message");
        }
        serde_json::to_vec(&slim).expect("a frame serialises")
    }

    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Frame::Error {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_event_goes_without_its_message() {
        let frame = Frame::Event {
            id: "E".into(),
            event: "message.created".into(),
            conversation_id: "C".into(),
            data: serde_json::json!({"message_id": "M", "message": {"text": "x".repeat(40_000)}}),
        };
        let sent: Value = serde_json::from_slice(&frame.encode()).unwrap();
        assert_eq!(sent["type"], "event");
        assert_eq!(sent["data"]["message_id"], "M");
        assert!(sent["data"].get("message").is_none());
        assert!(frame.encode().len() <= FRAME_MAX_BYTES);
    }

    #[test]
    fn presence_follows_the_freshest_connection() {
        let connection = |seen_at, expires_at| Connection {
            connection_id: "C".into(),
            user_id: "U".into(),
            connected_at: 0,
            expires_at,
            seen_at,
        };
        assert_eq!(presence(&[], 100), Presence::Offline);
        assert_eq!(presence(&[connection(50, 200)], 100), Presence::Online);
        assert_eq!(presence(&[connection(30, 200)], 100), Presence::Away);
        assert_eq!(
            presence(&[connection(30, 200), connection(90, 200)], 100),
            Presence::Online
        );
        assert_eq!(
            presence(&[connection(99, 100)], 100),
            Presence::Offline,
            "expired"
        );
    }

    #[test]
    fn small_frames_go_whole() {
        let pong = Frame::Pong.encode();
        assert_eq!(pong, br#"{"type":"pong"}"#);
    }
}
