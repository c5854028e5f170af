//! Ids: ULIDs (sortable by time), one type per thing they name, so an id
//! parsed at the edge is checked once and cannot be passed as another kind.
//! They dereference to `&str`, which is how the store keys them.

use serde::{Deserialize, Serialize};

/// What every id type can do.
pub trait Id: Sized {
    /// What the id names, for error details ("a post id").
    const WHAT: &'static str;
    /// The id in `raw`, if it is a ULID (any case; kept canonical).
    fn parse(raw: &str) -> Option<Self>;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident => $what:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new id.
            pub fn generate() -> Self {
                Self(ulid::Ulid::generate().to_string())
            }
        }

        impl Id for $name {
            const WHAT: &'static str = $what;
            fn parse(raw: &str) -> Option<Self> {
                ulid::Ulid::from_string(raw).ok().map(|id| Self(id.to_string()))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    )*};
}

ids! {
    /// An account.
    UserId => "an account id";
    PostId => "a post id";
    CommentId => "a comment id";
    CommunityId => "a community id";
    MediaId => "a media id";
    ReportId => "a report id";
    ConversationId => "a conversation id";
    MessageId => "a message id";
}

/// Each id once, in sorted order.
pub fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ulids_kept_canonical() {
        let id = PostId::parse("01jf3z8q4v6n2b7c9d0e1f2g3h").unwrap();
        assert_eq!(&*id, "01JF3Z8Q4V6N2B7C9D0E1F2G3H");
        assert!(PostId::parse("not-an-id").is_none());
        assert!(CommentId::parse("").is_none());
        assert_eq!(
            serde_json::to_value(&id).unwrap(),
            "01JF3Z8Q4V6N2B7C9D0E1F2G3H"
        );
        assert_ne!(PostId::generate(), PostId::generate());
    }
}
