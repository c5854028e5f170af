//! Posts: the rules for their text and who may see them.

use crate::access::model::{ViewerRelation, may_see};
use crate::accounts::model::check_username;
use crate::communities::model::VoteCounts;
use crate::media::model::Attachment;
use crate::platform::error::FieldError;
use crate::platform::events::Visibility;
use crate::posts::counts::ReactionCounts;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Counted in Unicode scalar values, like the other text limits.
pub const TEXT_MAX: usize = 500;
pub const CONTENT_WARNING_MAX: usize = 100;
/// Only this many hashtags of a post are indexed.
pub const HASHTAGS_MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: String,
    pub author_id: String,
    pub text: String,
    pub visibility: Visibility,
    pub content_warning: Option<String>,
    pub reply_to: Option<String>,
    /// Lowercase, without `#`.
    pub hashtags: Vec<String>,
    /// The mentioned accounts that existed when the post was written.
    pub mentions: Vec<Mention>,
    pub links: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub edited_at: Option<OffsetDateTime>,
    /// Kept by the store in the same transaction as each reply.
    #[serde(default)]
    pub replies_count: u64,
    /// Kept by the store in the same transaction as each comment.
    #[serde(default)]
    pub comments_count: u64,
    #[serde(flatten)]
    pub reactions: ReactionCounts,
    /// Set for a post in a community: the community lists it; it is not
    /// fanned out to followers nor listed under hashtags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    /// Community posts have a title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub votes: VoteCounts,
    /// A moderator locked the thread: no new comments.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// A repost (boost): the post shared, with no text of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost_of: Option<PostRef>,
    /// A quote post: the post quoted under this one's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_of: Option<PostRef>,
    /// Kept by the store in the same transaction as each repost.
    #[serde(default)]
    pub reposts_count: u64,
    /// Attached images, at most four.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Attachment>,
}

/// A post another one shares, with its author (so reads can check blocks
/// and fetch both in one batch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRef {
    pub id: String,
    pub author_id: String,
}

impl Post {
    /// The post this one shares (reposts or quotes), if any.
    pub fn shared(&self) -> Option<&PostRef> {
        self.repost_of.as_ref().or(self.quote_of.as_ref())
    }

    /// Whether others may repost or quote it: public posts outside communities.
    pub fn shareable(&self) -> bool {
        self.visibility == Visibility::Public
            && self.community_id.is_none()
            && self.repost_of.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub id: String,
    pub username: String,
}

/// What the text of a post refers to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Entities {
    pub hashtags: Vec<String>,
    /// Lowercase usernames, without `@`.
    pub mentions: Vec<String>,
    pub links: Vec<String>,
}

/// Extracts `#hashtags`, `@mentions` and http(s) links. A tag or mention must
/// start the text or follow a character that is not part of a word, so
/// `mail@example.com` mentions nobody; duplicates are dropped, order kept.
pub fn entities(text: &str) -> Entities {
    let mut found = Entities::default();
    for word in text.split_whitespace() {
        if word.starts_with("http://") || word.starts_with("https://") {
            let link = word.trim_end_matches(|c: char| ".,;:!?)]}\"'".contains(c));
            push_unique(&mut found.links, link.to_owned());
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let sigil = chars[i];
        let starts_token = i == 0 || !(word_char(chars[i - 1]) || chars[i - 1] == '/');
        if (sigil == '#' || sigil == '@') && starts_token {
            let name: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .collect();
            i += name.chars().count();
            let name = name.to_ascii_lowercase();
            if sigil == '#' && (1..=50).contains(&name.len()) && found.hashtags.len() < HASHTAGS_MAX
            {
                push_unique(&mut found.hashtags, name);
            } else if sigil == '@' && check_username(&name).is_ok() {
                push_unique(&mut found.mentions, name);
            }
        }
        i += 1;
    }
    found
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Checks the text and content warning of a new or edited post; returns them trimmed.
pub fn check_text(
    text: &str,
    content_warning: Option<&str>,
) -> Result<(String, Option<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let text = match check_body(text, TEXT_MAX) {
        Ok(text) => text,
        Err(error) => {
            errors.push(error);
            String::new()
        }
    };
    let warning = content_warning.map(str::trim).filter(|w| !w.is_empty());
    if let Some(w) = warning
        && (w.chars().count() > CONTENT_WARNING_MAX || w.chars().any(char::is_control))
    {
        errors.push(FieldError::new(
            "content_warning",
            format!("must be at most {CONTENT_WARNING_MAX} characters, without control characters"),
        ));
    }
    if errors.is_empty() {
        Ok((text, warning.map(str::to_owned)))
    } else {
        Err(errors)
    }
}

/// A `text` field: trimmed, not empty, at most `max` characters (Unicode
/// scalar values), no control characters but newlines.
pub fn check_body(text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Err(FieldError::new("text", "must not be empty"))
    } else if text.chars().count() > max {
        Err(FieldError::new(
            "text",
            format!("must be at most {max} characters"),
        ))
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Err(FieldError::new(
            "text",
            "must not contain control characters",
        ))
    } else {
        Ok(text.to_owned())
    }
}

/// Whether a viewer may see a post at all: the access policy, told whether
/// the viewer is among the post's mentions.
pub fn visible_to(post: &Post, viewer_id: Option<&str>, relation: ViewerRelation) -> bool {
    let mentioned = viewer_id.is_some_and(|v| post.mentions.iter().any(|m| m.id == v));
    may_see(post.visibility, mentioned, relation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_hashtags_mentions_and_links() {
        let e = entities(
            "Hi @Alice and @bob! #Rust #rust #fediverse, see https://kith.dev/a?b=c. mail@example.com #x-y a#b",
        );
        assert_eq!(e.mentions, ["alice", "bob"]);
        assert_eq!(e.hashtags, ["rust", "fediverse", "x"]);
        assert_eq!(e.links, ["https://kith.dev/a?b=c"]);
        assert_eq!(
            entities("@ab @abc").mentions,
            ["abc"],
            "usernames have at least 3 characters"
        );
        assert!(entities("https://x.dev/#anchor").hashtags.is_empty());
    }

    #[test]
    fn caps_hashtags() {
        let text: String = (0..20).map(|i| format!("#t{i} ")).collect();
        assert_eq!(entities(&text).hashtags.len(), HASHTAGS_MAX);
    }

    #[test]
    fn checks_text() {
        assert_eq!(
            check_text("  hi  ", Some(" ")).unwrap(),
            ("hi".into(), None)
        );
        assert!(check_text("   ", None).is_err());
        assert!(check_text(&"x".repeat(TEXT_MAX + 1), None).is_err());
        assert!(check_text(&"é".repeat(TEXT_MAX), None).is_ok());
        assert!(check_text("a\u{7}b", None).is_err());
        assert!(check_text("a\nb", None).is_ok());
        assert_eq!(
            check_text("x", Some(&"w".repeat(101))).unwrap_err()[0].field,
            "content_warning"
        );
    }

    fn post(visibility: Visibility) -> Post {
        Post {
            id: "P".into(),
            author_id: "A".into(),
            text: "t".into(),
            visibility,
            content_warning: None,
            reply_to: None,
            hashtags: vec![],
            mentions: vec![Mention {
                id: "M".into(),
                username: "m".into(),
            }],
            links: vec![],
            created_at: OffsetDateTime::UNIX_EPOCH,
            edited_at: None,
            replies_count: 0,
            comments_count: 0,
            reactions: ReactionCounts::default(),
            community_id: None,
            title: None,
            votes: VoteCounts::default(),
            locked: false,
            repost_of: None,
            quote_of: None,
            reposts_count: 0,
            media: Vec::new(),
        }
    }

    #[test]
    fn visibility_rules() {
        let stranger = ViewerRelation::default();
        let follower = ViewerRelation {
            follows_author: true,
            ..stranger
        };
        let blocked = ViewerRelation {
            blocked: true,
            follows_author: true,
            ..stranger
        };
        let author = ViewerRelation {
            is_author: true,
            ..stranger
        };
        assert!(visible_to(&post(Visibility::Public), None, stranger));
        assert!(!visible_to(&post(Visibility::Public), Some("V"), blocked));
        assert!(!visible_to(
            &post(Visibility::Followers),
            Some("V"),
            stranger
        ));
        assert!(visible_to(
            &post(Visibility::Followers),
            Some("V"),
            follower
        ));
        assert!(!visible_to(
            &post(Visibility::Mentioned),
            Some("V"),
            follower
        ));
        assert!(visible_to(
            &post(Visibility::Mentioned),
            Some("M"),
            stranger
        ));
        assert!(visible_to(&post(Visibility::Mentioned), Some("A"), author));
    }
}
