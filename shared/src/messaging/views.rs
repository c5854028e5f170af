//! What the messaging routes answer: conversations, inbox entries and
//! messages as JSON, each for the member who reads it.

use crate::accounts::user::User;
use crate::accounts::views::AuthorView;
use crate::media::api::{AttachmentView, Links, attachment_links};
use crate::messaging::model::{Conversation, Kind, Membership, Message, Preview, Role, Status};
use crate::platform::clock::from_millis;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::posts::counts::ReactionKind;
use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;

fn at_secs(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// My side of a conversation.
#[derive(Serialize)]
pub struct MineView {
    pub status: Status,
    pub role: Role,
    pub muted: bool,
    pub pinned: bool,
    pub unread: u64,
    pub read_message_id: Option<String>,
}

impl MineView {
    pub fn of(m: &Membership, now: i64) -> Self {
        Self {
            status: m.status,
            role: m.role,
            muted: m.muted,
            pinned: m.pinned,
            unread: m.visible_unread(now),
            read_message_id: m.read_message_id.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct PreviewView {
    pub message_id: String,
    pub sender_id: String,
    pub text: String,
    pub deleted: bool,
}

/// A preview while its message is still there (not expired).
fn preview(p: Option<&Preview>, now: i64) -> Option<PreviewView> {
    let p = p?;
    if p.expires_at.is_some_and(|at| at <= now) {
        return None;
    }
    Some(PreviewView {
        message_id: p.message_id.clone(),
        sender_id: p.sender_id.clone(),
        text: p.text.clone(),
        deleted: p.deleted,
    })
}

/// A conversation in my inbox or request inbox.
#[derive(Serialize)]
pub struct EntryView {
    pub id: String,
    pub kind: Kind,
    pub title: Option<String>,
    /// The other account of a direct conversation.
    pub peer: Option<AuthorView>,
    #[serde(with = "time::serde::rfc3339")]
    pub last_activity_at: OffsetDateTime,
    pub last_message: Option<PreviewView>,
    #[serde(flatten)]
    pub mine: MineView,
}

impl EntryView {
    pub fn of(m: &Membership, peers: &[User], now: i64) -> Self {
        let peer = m
            .peer_id
            .as_ref()
            .and_then(|id| peers.iter().find(|u| &u.id == id))
            .cloned()
            .map(AuthorView::from);
        Self {
            id: m.conversation_id.clone(),
            kind: if m.peer_id.is_some() {
                Kind::Direct
            } else {
                Kind::Group
            },
            title: m.title.clone(),
            peer,
            last_activity_at: from_millis(m.last_at),
            last_message: preview(m.preview.as_ref(), now),
            mine: MineView::of(m, now),
        }
    }
}

#[derive(Serialize)]
pub struct MemberView {
    #[serde(flatten)]
    pub account: AuthorView,
    pub role: Role,
    /// How far they have read: hidden when their read receipts are off.
    pub read_message_id: Option<String>,
}

#[derive(Serialize)]
pub struct ConversationView {
    pub id: String,
    pub kind: Kind,
    pub title: Option<String>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub disappearing_secs: Option<i64>,
    pub member_count: usize,
    /// Members still waiting in a request inbox are listed too.
    pub members: Vec<MemberView>,
    pub me: MineView,
}

impl ConversationView {
    pub fn of(
        me: &str,
        c: &Conversation,
        members: &[Membership],
        users: &[User],
        now: i64,
    ) -> Self {
        let mine = members.iter().find(|m| m.user_id == me);
        let members = members
            .iter()
            .filter(|m| m.status != Status::Declined || m.user_id == me)
            .filter_map(|m| {
                let user = users.iter().find(|u| u.id == m.user_id)?.clone();
                Some(MemberView {
                    account: AuthorView::from(user),
                    role: m.role,
                    read_message_id: (m.receipt_public || m.user_id == me)
                        .then(|| m.read_message_id.clone())
                        .flatten(),
                })
            })
            .collect();
        Self {
            id: c.id.clone(),
            kind: c.kind,
            title: c.title.clone(),
            created_by: c.created_by.clone(),
            created_at: from_millis(c.created_at),
            disappearing_secs: c.disappearing_secs,
            member_count: c.member_count,
            members,
            me: mine.map(|m| MineView::of(m, now)).unwrap_or(MineView {
                status: Status::Declined,
                role: Role::Member,
                muted: false,
                pinned: false,
                unread: 0,
                read_message_id: None,
            }),
        }
    }
}

#[derive(Serialize)]
pub struct ReplyView {
    pub message_id: String,
    pub sender_id: String,
    /// None once the original is deleted or expired.
    pub excerpt: Option<String>,
}

#[derive(Serialize)]
pub struct MessageView {
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    pub seq: u64,
    pub text: String,
    pub reply_to: Option<ReplyView>,
    pub media: Vec<AttachmentView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    pub edited: bool,
    pub deleted: bool,
    /// How many members reacted with each kind.
    pub reactions: BTreeMap<ReactionKind, usize>,
    pub my_reaction: Option<ReactionKind>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

impl MessageView {
    /// `answered`: the still-shown messages that replies on the page answer;
    /// `links`: the images' (see [`links`]).
    pub fn of(me: &str, m: &Message, answered: &[Message], links: &Links) -> Self {
        let mut reactions = BTreeMap::new();
        for kind in m.reactions.values() {
            *reactions.entry(*kind).or_insert(0) += 1;
        }
        Self {
            id: m.id.clone(),
            conversation_id: m.conversation_id.clone(),
            sender_id: m.sender_id.clone(),
            seq: m.seq,
            text: m.text.clone(),
            reply_to: m.reply_to.as_ref().map(|r| ReplyView {
                message_id: r.message_id.clone(),
                sender_id: r.sender_id.clone(),
                excerpt: answered
                    .iter()
                    .find(|a| a.id == r.message_id)
                    .map(|a| crate::messaging::model::excerpt(&a.text)),
            }),
            media: m
                .media
                .iter()
                .map(|a| AttachmentView::new(a, links))
                .collect(),
            created_at: from_millis(m.created_at),
            edited_at: m.edited_at.map(from_millis),
            edited: m.edited_at.is_some(),
            deleted: m.deleted,
            reactions,
            my_reaction: m.reactions.get(me).copied(),
            expires_at: m.expires_at.map(at_secs),
        }
    }
}

/// Download links for the images of these messages.
pub async fn links(app: &App, messages: &[Message]) -> Result<Links> {
    attachment_links(app, messages.iter().flat_map(|m| &m.media)).await
}
