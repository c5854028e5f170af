//! Opaque, integrity-protected pagination cursors. A cursor is the position
//! after the last item of a page, bound to the list it came from and signed,
//! so a client can neither forge a position nor replay it against another list.

use aws_lc_rs::{constant_time, hmac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::BTreeMap;

/// Page size when the client does not ask for one, and the most it may ask for.
pub const DEFAULT_LIMIT: i32 = 20;
pub const MAX_LIMIT: i32 = 100;

/// A position in a list: the key attributes DynamoDB needs to resume a query.
pub type Position = BTreeMap<String, String>;

/// The list a cursor belongs to. A cursor is signed together with its
/// scope's name, so one issued for a list opens on no other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A list of the follow graph (`followers`, `following`, ...) of an account.
    Graph {
        list: &'static str,
        owner: String,
    },
    AuthorPosts(String),
    Hashtag(String),
    /// A community's posts on one sort (the sort's name with its window).
    CommunityPosts {
        community: String,
        sort: String,
    },
    Feed(String),
    /// A community's members, join requests or bans.
    CommunityList {
        community: String,
        list: String,
    },
    MyCommunities(String),
    /// Who reacted to a target (`post:<id>` / `comment:<id>`).
    Reactions(String),
    Bookmarks(String),
    Comments(String),
    ModLog(String),
    /// A report queue (a community's, or `site`) in one status.
    Reports {
        queue: String,
        status: &'static str,
    },
    /// An account's inbox or request inbox (`inbox` / `requests`).
    Conversations {
        owner: String,
        r#box: &'static str,
    },
    Messages(String),
    /// My notifications (`grouped`, `flat`) or the requests.
    Notifications {
        owner: String,
        list: &'static str,
    },
    /// The actors of one of my notification groups.
    NotificationActors {
        owner: String,
        group: String,
    },
    /// A flag's audit trail.
    FlagAudit(String),
    /// Not a list: the one-click unsubscribe link of an email, whose
    /// signed position names the account and the notification type.
    Unsubscribe,
}

impl Scope {
    /// What the cursor's signature covers.
    fn name(&self) -> String {
        match self {
            Self::Graph { list, owner } => format!("{list}:{owner}"),
            Self::AuthorPosts(author) => format!("posts:{author}"),
            Self::Hashtag(tag) => format!("hashtag:{tag}"),
            Self::CommunityPosts { community, sort } => {
                format!("community-posts:{community}:{sort}")
            }
            Self::Feed(reader) => format!("feed:{reader}"),
            Self::CommunityList { community, list } => format!("community-list:{community}:{list}"),
            Self::MyCommunities(member) => format!("communities:{member}"),
            Self::Reactions(target) => format!("reactions:{target}"),
            Self::Bookmarks(owner) => format!("bookmarks:{owner}"),
            Self::Comments(post) => format!("comments:{post}"),
            Self::ModLog(community) => format!("modlog:{community}"),
            Self::Reports { queue, status } => format!("reports:{queue}:{status}"),
            Self::Conversations { owner, r#box } => format!("conversations:{owner}:{box}"),
            Self::Messages(conversation) => format!("messages:{conversation}"),
            Self::Notifications { owner, list } => format!("notifications:{owner}:{list}"),
            Self::NotificationActors { owner, group } => {
                format!("notification-actors:{owner}:{group}")
            }
            Self::FlagAudit(key) => format!("flag-audit:{key}"),
            Self::Unsubscribe => "unsubscribe".into(),
        }
    }
}

pub struct CursorKey(hmac::Key);

impl CursorKey {
    /// The cursor key from its own secret (`KITH_CURSOR_KEY`), never from the
    /// token signing key.
    pub fn derive(secret: &[u8]) -> Self {
        let root = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let derived = hmac::sign(&root, b"kith pagination cursor v1");
        Self(hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()))
    }

    /// The cursor of `position` in the list `scope` (signed, not sent).
    pub fn seal(&self, scope: &Scope, position: &Position) -> String {
        let list = scope.name();
        let payload = serde_json::to_vec(position).expect("a string map serialises");
        let tag = hmac::sign(&self.0, &[list.as_bytes(), b"\n", &payload].concat());
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The position, if the cursor is intact and was issued for `scope`.
    pub fn open(&self, scope: &Scope, cursor: &str) -> Option<Position> {
        let list = scope.name();
        let (payload, tag) = cursor.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        let expected = hmac::sign(&self.0, &[list.as_bytes(), b"\n", &payload].concat());
        constant_time::verify_slices_are_equal(expected.as_ref(), &tag).ok()?;
        serde_json::from_slice(&payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn followers(owner: &str) -> Scope {
        Scope::Graph {
            list: "followers",
            owner: owner.into(),
        }
    }

    fn position() -> Position {
        Position::from([
            ("PK".into(), "USER#1".into()),
            ("SK".into(), "FOLLOWS#2".into()),
        ])
    }

    #[test]
    fn round_trips_only_for_its_own_list_and_key() {
        let key = CursorKey::derive(b"secret");
        let cursor = key.seal(&followers("1"), &position());
        assert_eq!(key.open(&followers("1"), &cursor), Some(position()));
        assert_eq!(key.open(&followers("2"), &cursor), None);
        assert_eq!(
            CursorKey::derive(b"other").open(&followers("1"), &cursor),
            None
        );
    }

    #[test]
    fn tampering_is_detected() {
        let key = CursorKey::derive(b"secret");
        let cursor = key.seal(&Scope::Feed("l".into()), &position());
        let (payload, tag) = cursor.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(br#"{"PK":"USER#9","SK":"FOLLOWS#2"}"#);
        for bad in [
            format!("{forged_payload}.{tag}"),
            format!("{payload}.{}", URL_SAFE_NO_PAD.encode([0u8; 32])),
            format!("{payload}{tag}"),
            "not a cursor".into(),
            String::new(),
        ] {
            assert_eq!(key.open(&Scope::Feed("l".into()), &bad), None, "{bad}");
        }
    }
}
