//! Reactions: one of a fixed set, at most one per account per post or comment.

use crate::platform::ids::Id;
use crate::platform::ids::{CommentId, PostId};
use crate::posts::counts::ReactionKind;
use serde::{Deserialize, Serialize};

/// What is reacted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Post(PostId),
    Comment(CommentId),
}

impl Target {
    /// `post:<id>` / `comment:<id>`: how events and keys name it.
    pub fn tag(&self) -> String {
        match self {
            Self::Post(id) => format!("post:{id}"),
            Self::Comment(id) => format!("comment:{id}"),
        }
    }

    /// The target a [`Target::tag`] names.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.split_once(':')? {
            ("post", id) => PostId::parse(id).map(Self::Post),
            ("comment", id) => CommentId::parse(id).map(Self::Comment),
            _ => None,
        }
    }
}

/// One account's reaction to one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    /// [`Target::tag`].
    pub target: String,
    pub user_id: String,
    pub kind: ReactionKind,
    /// Epoch milliseconds.
    pub created_at: i64,
}
