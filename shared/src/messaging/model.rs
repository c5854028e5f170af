//! Conversations and messages as plain types, and the rules on them: who may
//! message whom, group sizes and roles, the edit window, disappearing
//! timers, unread counts. No I/O.

use crate::media::model::Attachment;
use crate::platform::error::FieldError;
use crate::posts::counts::ReactionKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest message, in characters.
pub const TEXT_MAX: usize = 2_000;
/// Members of a group, its owner included.
pub const GROUP_MAX: usize = 50;
pub const TITLE_MAX: usize = 100;
/// A sender may edit a message for this long after sending it.
pub const EDIT_WINDOW_SECS: i64 = 15 * 60;
/// How much of a message a conversation list shows.
pub const PREVIEW_CHARS: usize = 100;
/// The disappearing-message timers a conversation may have (seconds).
pub const TIMERS: [i64; 3] = [3_600, 86_400, 7 * 86_400];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Two accounts, one conversation per pair.
    Direct,
    Group,
}

/// A conversation's shared state (its `META` item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub kind: Kind,
    pub title: Option<String>,
    /// Who created it (a group's owner).
    pub created_by: String,
    /// Epoch milliseconds.
    pub created_at: i64,
    /// The sequence number of the newest message (0: none yet). Each
    /// message takes the next one, so unread counts are differences.
    pub seq: u64,
    /// Messages sent while set expire this many seconds after sending.
    pub disappearing_secs: Option<i64>,
    pub member_count: usize,
    /// Bumped by every write, which is conditional on the one read.
    pub rev: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    /// Adds and removes members, renames, sets the timer.
    Admin,
    /// An admin who cannot be removed; leaving hands the group to an admin.
    Owner,
}

/// Where a conversation sits for one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In the member's inbox.
    Active,
    /// In the request inbox: someone outside the member's setting started it.
    Request,
    /// Declined: hidden, and new messages do not bring it back.
    Declined,
}

/// A shown excerpt of a conversation's newest message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub message_id: String,
    pub sender_id: String,
    /// Empty for a message deleted for everyone.
    pub text: String,
    pub deleted: bool,
    /// Epoch seconds after which the message is gone.
    pub expires_at: Option<i64>,
}

/// One member's view of a conversation: role, inbox, read state, settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub conversation_id: String,
    pub user_id: String,
    /// The group's title, copied here so an inbox page is one Query.
    pub title: Option<String>,
    /// In a direct conversation, the other account.
    pub peer_id: Option<String>,
    pub role: Role,
    pub status: Status,
    /// Messages with this sequence number or lower were there before the
    /// member joined, and stay hidden from them.
    pub joined_seq: u64,
    /// The newest message this member has read.
    pub read_seq: u64,
    pub read_message_id: Option<String>,
    /// Whether other members see the read marker (the member's read
    /// receipts setting when they last read).
    pub receipt_public: bool,
    /// The newest message the member's inbox entry knows of.
    pub last_seq: u64,
    /// Epoch milliseconds of the last activity: the order of the inbox.
    pub last_at: i64,
    pub preview: Option<Preview>,
    pub muted: bool,
    pub pinned: bool,
    /// Bumped by every write, which is conditional on the one read.
    pub rev: u64,
}

impl Membership {
    pub fn new(conversation: &Conversation, user_id: &str, role: Role, status: Status) -> Self {
        Self {
            conversation_id: conversation.id.clone(),
            user_id: user_id.to_owned(),
            title: conversation.title.clone(),
            peer_id: None,
            role,
            status,
            joined_seq: conversation.seq,
            read_seq: conversation.seq,
            read_message_id: None,
            receipt_public: true,
            last_seq: conversation.seq,
            last_at: conversation.created_at,
            preview: None,
            muted: false,
            pinned: false,
            rev: 0,
        }
    }

    /// Messages this member has not read.
    pub fn unread(&self) -> u64 {
        self.last_seq.saturating_sub(self.read_seq)
    }

    /// Unread messages that are still there at `now` (epoch seconds): none
    /// once the newest has expired, as every message of a disappearing
    /// conversation expires in order.
    pub fn visible_unread(&self, now: i64) -> u64 {
        let expired = self
            .preview
            .as_ref()
            .and_then(|p| p.expires_at)
            .is_some_and(|at| at <= now);
        if expired { 0 } else { self.unread() }
    }

    pub fn manages(&self) -> bool {
        self.role >= Role::Admin
    }
}

/// Who may start a conversation with me straight in my inbox; anyone else
/// lands in my request inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowFrom {
    Everyone,
    /// Accounts I follow (the default, as on Bluesky).
    #[default]
    Following,
    /// Nobody: every new conversation is a request.
    Nobody,
}

/// An account's messaging settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub allow_from: AllowFrom,
    /// Whether other members see how far I have read (Matrix's public vs
    /// private receipts).
    #[serde(default = "yes")]
    pub read_receipts: bool,
    /// Whether accounts that may see my presence (those I follow, those I
    /// have a direct conversation with) see it.
    #[serde(default = "yes")]
    pub show_presence: bool,
}

fn yes() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            allow_from: AllowFrom::default(),
            read_receipts: true,
            show_presence: true,
        }
    }
}

/// Where a conversation that `starter` begins lands for a recipient with
/// these settings.
pub fn arrival(settings: &Settings, recipient_follows_starter: bool) -> Status {
    match settings.allow_from {
        AllowFrom::Everyone => Status::Active,
        AllowFrom::Following if recipient_follows_starter => Status::Active,
        AllowFrom::Following | AllowFrom::Nobody => Status::Request,
    }
}

/// The message a reply answers. Its excerpt is looked up when read, so a
/// deleted or expired original shows nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyRef {
    pub message_id: String,
    pub sender_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    pub seq: u64,
    /// Empty once deleted for everyone.
    pub text: String,
    pub reply_to: Option<ReplyRef>,
    /// Up to four images uploaded for messages, shown to the members only.
    #[serde(default)]
    pub media: Vec<Attachment>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Deleted for everyone by its sender: a tombstone.
    #[serde(default)]
    pub deleted: bool,
    /// Members who deleted it for themselves.
    #[serde(default)]
    pub hidden_for: Vec<String>,
    /// One reaction per member.
    #[serde(default)]
    pub reactions: BTreeMap<String, ReactionKind>,
    /// Epoch seconds: gone from every read at this moment (the table's TTL
    /// deletes it later).
    pub expires_at: Option<i64>,
    /// Bumped by every write, which is conditional on the one read.
    pub rev: u64,
}

impl Message {
    /// Whether `reader` (who joined after `joined_seq`) sees it at `now` (epoch seconds).
    pub fn shown_to(&self, reader: &str, joined_seq: u64, now: i64) -> bool {
        self.seq > joined_seq
            && !self.hidden_for.iter().any(|h| h == reader)
            && self.expires_at.is_none_or(|at| at > now)
    }

    pub fn preview(&self) -> Preview {
        Preview {
            message_id: self.id.clone(),
            sender_id: self.sender_id.clone(),
            text: excerpt(&self.text),
            deleted: self.deleted,
            expires_at: self.expires_at,
        }
    }

    /// Whether its sender may still edit it at `now_ms`.
    pub fn editable(&self, now_ms: i64) -> bool {
        !self.deleted && now_ms - self.created_at <= EDIT_WINDOW_SECS * 1000
    }
}

/// The start of a text, for previews and replies.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A message's text: trimmed, 1 to 2,000 characters, no control characters but newlines.
pub fn check_text(text: &str) -> Result<String, FieldError> {
    crate::posts::model::check_body(text, TEXT_MAX)
}

/// A group title: trimmed, 1 to 100 characters, one line.
pub fn check_title(title: &str) -> Result<String, FieldError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > TITLE_MAX || title.chars().any(char::is_control)
    {
        return Err(FieldError::new(
            "title",
            format!("must be 1 to {TITLE_MAX} characters on one line"),
        ));
    }
    Ok(title.to_owned())
}

/// A disappearing timer: off (None) or one of [`TIMERS`].
pub fn check_timer(secs: Option<i64>) -> Result<Option<i64>, FieldError> {
    match secs {
        Some(s) if !TIMERS.contains(&s) => Err(FieldError::new(
            "disappearing_secs",
            "must be null (off), 3600 (1 h), 86400 (1 d) or 604800 (7 d)",
        )),
        other => Ok(other),
    }
}

/// The key of the one direct conversation between two accounts, whoever starts it.
pub fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(seq: u64, expires_at: Option<i64>) -> Message {
        Message {
            id: "M".into(),
            conversation_id: "C".into(),
            sender_id: "A".into(),
            seq,
            text: "hi".into(),
            reply_to: None,
            media: Vec::new(),
            created_at: 1_000_000,
            edited_at: None,
            deleted: false,
            hidden_for: vec!["B".into()],
            reactions: BTreeMap::new(),
            expires_at,
            rev: 1,
        }
    }

    #[test]
    fn a_message_shows_after_joining_until_hidden_or_expired() {
        let m = message(5, Some(100));
        assert!(m.shown_to("C", 4, 99));
        assert!(!m.shown_to("C", 5, 99), "sent before C joined");
        assert!(!m.shown_to("B", 0, 99), "B deleted it for themself");
        assert!(!m.shown_to("C", 0, 100), "gone at the deadline");
    }

    #[test]
    fn edits_close_after_fifteen_minutes_and_never_reopen_a_tombstone() {
        let mut m = message(1, None);
        assert!(m.editable(1_000_000 + EDIT_WINDOW_SECS * 1000));
        assert!(!m.editable(1_000_001 + EDIT_WINDOW_SECS * 1000));
        m.deleted = true;
        assert!(!m.editable(1_000_000));
    }

    #[test]
    fn strangers_land_in_requests_unless_everyone_is_allowed() {
        let settings = |allow_from| Settings {
            allow_from,
            ..Settings::default()
        };
        assert_eq!(
            arrival(&settings(AllowFrom::Everyone), false),
            Status::Active
        );
        assert_eq!(
            arrival(&settings(AllowFrom::Following), true),
            Status::Active
        );
        assert_eq!(
            arrival(&settings(AllowFrom::Following), false),
            Status::Request
        );
        assert_eq!(arrival(&settings(AllowFrom::Nobody), true), Status::Request);
    }

    #[test]
    fn unread_counts_what_is_still_there() {
        let conversation = Conversation {
            id: "C".into(),
            kind: Kind::Direct,
            title: None,
            created_by: "A".into(),
            created_at: 0,
            seq: 2,
            disappearing_secs: Some(3_600),
            member_count: 2,
            rev: 1,
        };
        let mut m = Membership::new(&conversation, "B", Role::Member, Status::Active);
        m.last_seq = 5;
        m.preview = Some(message(5, Some(100)).preview());
        assert_eq!(m.visible_unread(99), 3);
        assert_eq!(
            m.visible_unread(100),
            0,
            "the newest expired: nothing left to read"
        );
        m.read_seq = 5;
        assert_eq!(m.unread(), 0);
    }

    #[test]
    fn rules_on_input() {
        assert_eq!(pair("B", "A"), pair("A", "B"));
        assert!(check_timer(Some(3_600)).is_ok() && check_timer(None).is_ok());
        assert!(check_timer(Some(60)).is_err());
        assert!(check_title(" ").is_err() && check_title("a\nb").is_err());
        assert_eq!(excerpt(&"é".repeat(150)).chars().count(), PREVIEW_CHARS + 1);
        assert!(check_text(&"x".repeat(TEXT_MAX + 1)).is_err());
    }
}
