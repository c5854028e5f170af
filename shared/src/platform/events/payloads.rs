//! The payload of each event: what its consumers need to know, as plain
//! values (ids, names), so the vocabulary depends on no feature.

use super::Visibility;
use serde::{Deserialize, Serialize};

/// `post.created`, `post.edited`, `post.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostChanged {
    pub post_id: String,
    pub author_id: String,
    pub visibility: Visibility,
    /// Community posts live in their community, in nobody's home feed.
    #[serde(default)]
    pub community_id: Option<String>,
    /// The ids of its images.
    #[serde(default)]
    pub media: Vec<String>,
    /// Epoch seconds.
    pub created_at: i64,
    /// A repost's original (null on other posts).
    #[serde(default)]
    pub repost_of: Option<Reposted>,
}

/// `user.followed`, `user.unfollowed`, `follow.requested`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Follow {
    pub follower_id: String,
    pub followee_id: String,
    /// `user.followed` that answers a follow request (the followee accepted it).
    #[serde(default)]
    pub accepted: bool,
}

/// `user.blocked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub blocker_id: String,
    pub blocked_id: String,
}

/// `user.registered`: a new account (not yet verified).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRegistered {
    pub user_id: String,
}

/// `experiment.exposed`: an account saw an experiment's variant for the
/// first time (once per account and experiment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentExposed {
    pub flag: String,
    pub variant: String,
    pub user_id: String,
}

/// `views.reported`: the posts a client showed its account (distinct ids),
/// from a sampled viewer; each view stands for `weight` (100 / the sampled
/// percent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewsReported {
    pub viewer_id: String,
    pub post_ids: Vec<String>,
    pub weight: f64,
}

/// The post a repost shares, in `post.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reposted {
    pub post_id: String,
    pub author_id: String,
}

/// `user.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDeleted {
    pub user_id: String,
}

/// `comment.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentCreated {
    pub comment_id: String,
    pub post_id: String,
    pub post_author_id: String,
    pub author_id: String,
    pub parent_id: Option<String>,
    pub parent_author_id: Option<String>,
}

/// `reaction.added`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReactionAdded {
    /// `post:<id>` or `comment:<id>`.
    pub target: String,
    pub target_author_id: String,
    pub user_id: String,
    /// One of like, love, haha, wow, sad, angry.
    pub kind: String,
    /// The kind this reaction replaced, if any.
    pub previous: Option<String>,
}

/// `vote.cast`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteCast {
    /// `post:<id>` or `comment:<id>`.
    pub target: String,
    pub post_id: String,
    pub community_id: String,
    pub user_id: String,
    /// -1, 0 (taken back) or 1.
    pub value: i8,
    pub previous: i8,
}

/// `mod.action`: a mod-log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModAction {
    pub entry_id: String,
    pub community_id: String,
    pub moderator_id: String,
    pub action: String,
    /// `post:<id>`, `comment:<id>` or `user:<id>`.
    pub target: String,
    pub reason: Option<String>,
}

/// `report.filed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFiled {
    pub report_id: String,
    pub target: String,
    /// None: the site admins' queue.
    pub community_id: Option<String>,
    pub reporter_id: String,
}

/// `report.resolved`: its reporter hears how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportResolved {
    pub report_id: String,
    pub reporter_id: String,
    pub resolver_id: String,
    pub resolution: String,
}

/// `media.processed`, `media.rejected`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaOutcome {
    pub media_id: String,
    pub owner_id: String,
    /// post, avatar, community_banner or message.
    pub purpose: String,
    pub reason: Option<String>,
}

/// `message.created`, `message.edited`, `message.reacted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageChanged {
    pub conversation_id: String,
    pub message_id: String,
    pub sender_id: String,
    /// The message's place in its conversation.
    pub seq: u64,
    /// Who made the change: the sender, or the member who reacted.
    pub actor_id: String,
}

/// `message.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageDeleted {
    pub conversation_id: String,
    pub message_id: String,
    pub sender_id: String,
    pub seq: u64,
    pub actor_id: String,
    /// For everyone (a tombstone) or only for the actor.
    pub for_everyone: bool,
    /// The images a deletion for everyone removes.
    #[serde(default)]
    pub media: Vec<String>,
}

/// `conversation.read`: a member's read marker moved forward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationRead {
    pub conversation_id: String,
    pub user_id: String,
    pub message_id: String,
    pub seq: u64,
    /// Whether other members may see it (the reader's read receipts are on).
    pub public: bool,
}

/// `conversation.member_added`, `conversation.member_removed`,
/// `conversation.updated` (title or timer; `user_id` is the actor then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberChanged {
    pub conversation_id: String,
    pub user_id: String,
    pub actor_id: String,
}
