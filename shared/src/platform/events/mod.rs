//! Domain events: the one vocabulary that producers write into the outbox
//! (in the same transaction as the change they describe) and that event
//! handlers receive from EventBridge, so the two cannot disagree.
//! docs/events.md is checked against this enum.

use aws_lambda_events::eventbridge::EventBridgeEvent;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod payloads;
pub use payloads::*;

/// The EventBridge `source` of every Kith event.
pub const SOURCE: &str = "kith";

/// Who a post is written for. Part of the event vocabulary because the feed
/// routes on it; the access policy decides with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Public,
    /// The author's approved followers.
    Followers,
    /// Only the accounts mentioned in the text.
    Mentioned,
}

/// Every detail-type of [`Event`], in its order.
pub const DETAIL_TYPES: [&str; 27] = [
    "post.created",
    "post.edited",
    "post.deleted",
    "user.followed",
    "user.unfollowed",
    "follow.requested",
    "user.blocked",
    "user.deleted",
    "comment.created",
    "reaction.added",
    "vote.cast",
    "mod.action",
    "report.filed",
    "report.resolved",
    "media.processed",
    "media.rejected",
    "message.created",
    "message.edited",
    "message.reacted",
    "message.deleted",
    "conversation.read",
    "conversation.member_added",
    "conversation.member_removed",
    "conversation.updated",
    "user.registered",
    "experiment.exposed",
    "views.reported",
];

/// Every event Kith publishes, tagged by its EventBridge `detail-type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "detail_type", content = "data")]
pub enum Event {
    #[serde(rename = "post.created")]
    PostCreated(PostChanged),
    #[serde(rename = "post.edited")]
    PostEdited(PostChanged),
    #[serde(rename = "post.deleted")]
    PostDeleted(PostChanged),
    #[serde(rename = "user.followed")]
    UserFollowed(Follow),
    #[serde(rename = "user.unfollowed")]
    UserUnfollowed(Follow),
    #[serde(rename = "follow.requested")]
    FollowRequested(Follow),
    #[serde(rename = "user.blocked")]
    UserBlocked(Block),
    #[serde(rename = "user.deleted")]
    UserDeleted(UserDeleted),
    #[serde(rename = "comment.created")]
    CommentCreated(CommentCreated),
    #[serde(rename = "reaction.added")]
    ReactionAdded(ReactionAdded),
    #[serde(rename = "vote.cast")]
    VoteCast(VoteCast),
    #[serde(rename = "mod.action")]
    ModAction(ModAction),
    #[serde(rename = "report.filed")]
    ReportFiled(ReportFiled),
    #[serde(rename = "report.resolved")]
    ReportResolved(ReportResolved),
    #[serde(rename = "media.processed")]
    MediaProcessed(MediaOutcome),
    #[serde(rename = "media.rejected")]
    MediaRejected(MediaOutcome),
    #[serde(rename = "message.created")]
    MessageCreated(MessageChanged),
    #[serde(rename = "message.edited")]
    MessageEdited(MessageChanged),
    #[serde(rename = "message.reacted")]
    MessageReacted(MessageChanged),
    #[serde(rename = "message.deleted")]
    MessageDeleted(MessageDeleted),
    #[serde(rename = "conversation.read")]
    ConversationRead(ConversationRead),
    #[serde(rename = "conversation.member_added")]
    MemberAdded(MemberChanged),
    #[serde(rename = "conversation.member_removed")]
    MemberRemoved(MemberChanged),
    #[serde(rename = "conversation.updated")]
    ConversationUpdated(MemberChanged),
    #[serde(rename = "user.registered")]
    UserRegistered(UserRegistered),
    #[serde(rename = "experiment.exposed")]
    ExperimentExposed(ExperimentExposed),
    #[serde(rename = "views.reported")]
    ViewsReported(ViewsReported),
}

impl Event {
    /// The schema version of this event's payload: consumers acknowledge
    /// (and log) versions newer than they know.
    pub fn version(&self) -> u32 {
        1
    }

    /// This event as it goes into the outbox, happening at `occurred_at`
    /// (epoch seconds), with a fresh id.
    pub fn at(self, occurred_at: i64) -> Envelope {
        let mut tagged = serde_json::to_value(&self).expect("an event of plain values serialises");
        Envelope {
            id: ulid::Ulid::generate().to_string(),
            detail_type: tagged["detail_type"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            version: self.version(),
            detail: tagged["data"].take(),
            occurred_at,
        }
    }
}

/// An event as the outbox stores it and the bus carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// ULID; consumers deduplicate on it.
    pub id: String,
    /// EventBridge `detail-type`, e.g. `post.created`.
    pub detail_type: String,
    pub version: u32,
    /// The payload (the variant's struct) as JSON.
    pub detail: Value,
    /// Epoch seconds.
    pub occurred_at: i64,
}

/// The EventBridge `detail` of a Kith event: `{id, version, occurred_at, data}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Detail {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub occurred_at: i64,
    #[serde(default)]
    pub data: Value,
}

/// What an EventBridge delivery holds, once read.
#[derive(Debug)]
pub enum Received {
    Event(Event),
    /// A detail-type this code does not know, or a version newer than it
    /// knows: acknowledged and logged, never a crash.
    Unknown {
        detail_type: String,
        version: u32,
    },
}

/// Reads a delivery into the typed event. A known detail-type whose payload
/// does not parse is an error (permanent: retrying cannot fix it).
pub fn receive(event: EventBridgeEvent<Detail>) -> Result<Received, serde_json::Error> {
    let detail_type = event.detail_type;
    let Detail { version, data, .. } = event.detail;
    if !DETAIL_TYPES.contains(&detail_type.as_str()) {
        return Ok(Received::Unknown {
            detail_type,
            version,
        });
    }
    let tagged = serde_json::json!({ "detail_type": detail_type, "data": data });
    let event: Event = serde_json::from_value(tagged)?;
    if version > event.version() {
        return Ok(Received::Unknown {
            detail_type,
            version,
        });
    }
    Ok(Received::Event(event))
}

/// The typed event in an EventBridge delivery (as JSON), or None for one
/// this code does not know (logged and acknowledged). A delivery that is not
/// EventBridge-shaped, or a known event with a bad payload, is a bad request:
/// permanent, retrying cannot fix it.
pub fn typed(event: Value) -> crate::platform::error::Result<Option<Event>> {
    let bad = |e: serde_json::Error| {
        crate::platform::error::Error::BadRequest(format!("not a Kith event: {e}"))
    };
    let delivery: EventBridgeEvent<Detail> = serde_json::from_value(event).map_err(bad)?;
    match receive(delivery).map_err(bad)? {
        Received::Event(event) => Ok(Some(event)),
        Received::Unknown {
            detail_type,
            version,
        } => {
            tracing::warn!(
                detail_type,
                version,
                "unknown event type or version; acknowledged"
            );
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(detail_type: &str, version: u32, data: Value) -> EventBridgeEvent<Detail> {
        serde_json::from_value(serde_json::json!({
            "version": "0", "id": "1", "detail-type": detail_type, "source": SOURCE,
            "account": "1", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"id": "E", "version": version, "occurred_at": 1, "data": data}
        }))
        .unwrap()
    }

    #[test]
    fn what_a_producer_writes_a_consumer_reads() {
        let event = Event::UserBlocked(Block {
            blocker_id: "A".into(),
            blocked_id: "B".into(),
        });
        let envelope = event.clone().at(7);
        assert_eq!(envelope.detail_type, "user.blocked");
        assert_eq!(envelope.detail["blocked_id"], "B");
        let received = receive(delivery("user.blocked", 1, envelope.detail)).unwrap();
        assert!(matches!(received, Received::Event(e) if e == event));
    }

    #[test]
    fn unknown_types_and_newer_versions_are_acknowledged() {
        let unknown = receive(delivery("post.liked", 1, serde_json::json!({}))).unwrap();
        assert!(matches!(unknown, Received::Unknown { .. }));
        let data = serde_json::json!({"user_id": "U"});
        let newer = receive(delivery("user.deleted", 2, data)).unwrap();
        assert!(matches!(newer, Received::Unknown { version: 2, .. }));
        assert!(receive(delivery("user.deleted", 1, serde_json::json!({}))).is_err());
    }

    /// One event of each variant; the match makes a new variant fail to
    /// compile here until it has a sample (and so a documented row).
    fn samples() -> Vec<Event> {
        let post = PostChanged {
            post_id: "P".into(),
            author_id: "A".into(),
            visibility: Visibility::Public,
            community_id: None,
            media: Vec::new(),
            created_at: 0,
            repost_of: None,
        };
        let follow = Follow {
            follower_id: "A".into(),
            followee_id: "B".into(),
            accepted: false,
        };
        let media = MediaOutcome {
            media_id: "M".into(),
            owner_id: "A".into(),
            purpose: "post".into(),
            reason: None,
        };
        let message = MessageChanged {
            conversation_id: "C".into(),
            message_id: "M".into(),
            sender_id: "A".into(),
            seq: 1,
            actor_id: "A".into(),
        };
        let member = MemberChanged {
            conversation_id: "C".into(),
            user_id: "B".into(),
            actor_id: "A".into(),
        };
        let all = vec![
            Event::PostCreated(post.clone()),
            Event::PostEdited(post.clone()),
            Event::PostDeleted(post),
            Event::UserFollowed(follow.clone()),
            Event::UserUnfollowed(follow.clone()),
            Event::FollowRequested(follow),
            Event::UserBlocked(Block {
                blocker_id: "A".into(),
                blocked_id: "B".into(),
            }),
            Event::UserDeleted(UserDeleted {
                user_id: "A".into(),
            }),
            Event::CommentCreated(CommentCreated {
                comment_id: "C".into(),
                post_id: "P".into(),
                post_author_id: "A".into(),
                author_id: "B".into(),
                parent_id: None,
                parent_author_id: None,
            }),
            Event::ReactionAdded(ReactionAdded {
                target: "post:P".into(),
                target_author_id: "A".into(),
                user_id: "B".into(),
                kind: "like".into(),
                previous: None,
            }),
            Event::VoteCast(VoteCast {
                target: "post:P".into(),
                post_id: "P".into(),
                community_id: "K".into(),
                user_id: "B".into(),
                value: 1,
                previous: 0,
            }),
            Event::ModAction(ModAction {
                entry_id: "E".into(),
                community_id: "K".into(),
                moderator_id: "A".into(),
                action: "lock".into(),
                target: "post:P".into(),
                reason: None,
            }),
            Event::ReportFiled(ReportFiled {
                report_id: "R".into(),
                target: "post:P".into(),
                community_id: None,
                reporter_id: "B".into(),
            }),
            Event::ReportResolved(ReportResolved {
                report_id: "R".into(),
                reporter_id: "B".into(),
                resolver_id: "A".into(),
                resolution: "removed".into(),
            }),
            Event::MediaProcessed(media.clone()),
            Event::MediaRejected(media),
            Event::MessageCreated(message.clone()),
            Event::MessageEdited(message.clone()),
            Event::MessageReacted(message),
            Event::MessageDeleted(MessageDeleted {
                conversation_id: "C".into(),
                message_id: "M".into(),
                sender_id: "A".into(),
                seq: 1,
                actor_id: "A".into(),
                for_everyone: true,
                media: Vec::new(),
            }),
            Event::ConversationRead(ConversationRead {
                conversation_id: "C".into(),
                user_id: "B".into(),
                message_id: "M".into(),
                seq: 1,
                public: true,
            }),
            Event::MemberAdded(member.clone()),
            Event::MemberRemoved(member.clone()),
            Event::ConversationUpdated(member),
            Event::UserRegistered(UserRegistered {
                user_id: "A".into(),
            }),
            Event::ExperimentExposed(ExperimentExposed {
                flag: "feed-ranking".into(),
                variant: "ranked".into(),
                user_id: "A".into(),
            }),
            Event::ViewsReported(ViewsReported {
                viewer_id: "A".into(),
                post_ids: vec!["P".into()],
                weight: 10.0,
            }),
        ];
        for event in &all {
            match event {
                Event::PostCreated(_)
                | Event::PostEdited(_)
                | Event::PostDeleted(_)
                | Event::UserFollowed(_)
                | Event::UserUnfollowed(_)
                | Event::FollowRequested(_)
                | Event::UserBlocked(_)
                | Event::UserDeleted(_)
                | Event::CommentCreated(_)
                | Event::ReactionAdded(_)
                | Event::VoteCast(_)
                | Event::ModAction(_)
                | Event::ReportFiled(_)
                | Event::ReportResolved(_)
                | Event::MediaProcessed(_)
                | Event::MediaRejected(_)
                | Event::MessageCreated(_)
                | Event::MessageEdited(_)
                | Event::MessageReacted(_)
                | Event::MessageDeleted(_)
                | Event::ConversationRead(_)
                | Event::MemberAdded(_)
                | Event::MemberRemoved(_)
                | Event::ConversationUpdated(_)
                | Event::UserRegistered(_)
                | Event::ExperimentExposed(_)
                | Event::ViewsReported(_) => {}
            }
        }
        all
    }

    /// `detail-type -> fields` from the catalogue table in docs/events.md.
    fn documented() -> std::collections::BTreeMap<String, Vec<String>> {
        let doc = include_str!("../../../../docs/events.md");
        doc.lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let detail_type = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                let payload = cells.get(3)?;
                let fields = &payload[payload.find("`{")? + 2..payload.find("}`")?];
                let mut fields: Vec<String> = fields
                    .split(',')
                    .map(|f| f.split(':').next().unwrap_or_default().trim().to_owned())
                    .collect();
                fields.sort();
                Some((detail_type.to_owned(), fields))
            })
            .collect()
    }

    #[test]
    fn the_catalogue_documents_every_event_with_its_fields() {
        let samples = samples();
        let mut actual = std::collections::BTreeMap::new();
        for (event, detail_type) in samples.into_iter().zip(DETAIL_TYPES) {
            let envelope = event.at(0);
            assert_eq!(
                envelope.detail_type, detail_type,
                "DETAIL_TYPES is in the enum's order"
            );
            let mut fields: Vec<String> = envelope
                .detail
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            fields.sort();
            actual.insert(detail_type.to_owned(), fields);
        }
        assert_eq!(documented(), actual);
    }
}
