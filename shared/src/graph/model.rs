//! The social graph's vocabulary: the directed relations between two accounts
//! and the lists they form.

use serde::{Deserialize, Serialize};

/// A directed relation `from -> to`, stored once under `from`'s partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Follows,
    /// A pending follow of a private account.
    Requests,
    Blocks,
    Mutes,
}

impl RelationKind {
    pub const ALL: [RelationKind; 4] = [Self::Follows, Self::Requests, Self::Blocks, Self::Mutes];

    pub fn tag(self) -> &'static str {
        match self {
            Self::Follows => "FOLLOWS",
            Self::Requests => "REQUESTS",
            Self::Blocks => "BLOCKS",
            Self::Mutes => "MUTES",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    pub from_id: String,
    pub to_id: String,
    /// Epoch milliseconds.
    pub created_at: i64,
}

/// The lists a relation appears in, each readable newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Who follows the owner.
    Followers,
    /// Whom the owner follows.
    Following,
    /// Pending requests to follow the owner.
    FollowRequests,
    Blocks,
    Mutes,
}

impl List {
    pub fn kind(self) -> RelationKind {
        match self {
            Self::Followers | Self::Following => RelationKind::Follows,
            Self::FollowRequests => RelationKind::Requests,
            Self::Blocks => RelationKind::Blocks,
            Self::Mutes => RelationKind::Mutes,
        }
    }

    /// True when the owner is the relation's `to` side (its members are the `from` side).
    pub fn owner_is_target(self) -> bool {
        matches!(self, Self::Followers | Self::FollowRequests)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Followers => "followers",
            Self::Following => "following",
            Self::FollowRequests => "follow-requests",
            Self::Blocks => "blocks",
            Self::Mutes => "mutes",
        }
    }

    /// The member of this list a relation contributes.
    pub fn member(self, relation: &Relation) -> &str {
        if self.owner_is_target() {
            &relation.from_id
        } else {
            &relation.to_id
        }
    }
}

/// What following someone resulted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowState {
    Following,
    Requested,
}
