//! Key builders: the one place that knows how items are addressed.

use super::{Item, s};
use crate::domain::graph::{List, Relation, RelationKind};
use crate::domain::reaction::Target;

fn key(pk: String, sk: &str) -> Item {
    Item::from([("PK".into(), s(pk)), ("SK".into(), s(sk))])
}

pub const PROFILE_SK: &str = "PROFILE";

pub fn user(user_id: &str) -> Item {
    key(user_pk(user_id), PROFILE_SK)
}

pub fn user_pk(user_id: &str) -> String {
    format!("USER#{user_id}")
}

pub const SESSION_PREFIX: &str = "SESSION#";

pub fn session(user_id: &str, family_id: &str) -> Item {
    key(user_pk(user_id), &format!("{SESSION_PREFIX}{family_id}"))
}

/// Guard item that makes a username unique (lowercase key).
pub fn username(username_key: &str) -> Item {
    key(format!("USERNAME#{username_key}"), "USERNAME")
}

/// Guard item that makes an email unique (lowercase key).
pub fn email(email_key: &str) -> Item {
    key(format!("EMAIL#{email_key}"), "EMAIL")
}

pub fn refresh(digest: &str) -> Item {
    key(format!("REFRESH#{digest}"), "REFRESH")
}

pub fn one_time_token(digest: &str) -> Item {
    key(format!("TOKEN#{digest}"), "TOKEN")
}

pub fn throttle(bucket: &str) -> Item {
    key(format!("THROTTLE#{bucket}"), "THROTTLE")
}

/// A directed relation lives in its `from` side's partition.
pub fn relation(kind: RelationKind, from: &str, to: &str) -> Item {
    key(user_pk(from), &format!("{}#{to}", kind.tag()))
}

/// Where a list is read: (index, partition-key attribute, partition-key value).
/// Members sort by `<created_at millis>#<member id>` in the matching SK attribute.
pub fn list_index(list: List, owner: &str) -> (&'static str, &'static str, String) {
    match list {
        List::Followers => ("GSI1", "GSI1PK", format!("FOLLOWERS#{owner}")),
        List::Following => ("GSI2", "GSI2PK", format!("FOLLOWING#{owner}")),
        List::FollowRequests => ("GSI1", "GSI1PK", format!("FOLLOWREQS#{owner}")),
        List::Blocks => ("GSI1", "GSI1PK", format!("BLOCKS#{owner}")),
        List::Mutes => ("GSI1", "GSI1PK", format!("MUTES#{owner}")),
    }
}

/// The index attributes that place a relation in every list it belongs to.
pub fn relation_index_attributes(relation: &Relation) -> Item {
    let lists: &[List] = match relation.kind {
        RelationKind::Follows => &[List::Followers, List::Following],
        RelationKind::Requests => &[List::FollowRequests],
        RelationKind::Blocks => &[List::Blocks],
        RelationKind::Mutes => &[List::Mutes],
    };
    let mut item = Item::new();
    for &list in lists {
        let owner = if list.owner_is_target() {
            &relation.to_id
        } else {
            &relation.from_id
        };
        let (_, pk_attr, pk) = list_index(list, owner);
        item.insert(pk_attr.into(), s(pk));
        item.insert(
            pk_attr.replace("PK", "SK"),
            s(format!(
                "{:013}#{}",
                relation.created_at,
                list.member(relation)
            )),
        );
    }
    item
}

pub const POST_SK: &str = "POST";

pub fn post(post_id: &str) -> Item {
    key(post_pk(post_id), POST_SK)
}

/// Earlier versions (of a post or comment) sort after `EDIT#` by edit time.
pub const EDIT_PREFIX: &str = "EDIT#";

/// An edited item's earlier version, in the item's partition `pk`.
pub fn version(pk: String, replaced_ms: i64) -> Item {
    key(pk, &format!("{EDIT_PREFIX}{replaced_ms:013}"))
}

pub fn post_pk(post_id: &str) -> String {
    format!("POST#{post_id}")
}

/// The author's posts, newest first (post ids are ULIDs).
pub fn author_posts(author_id: &str) -> String {
    format!("POSTS#{author_id}")
}

/// A public post's entry in a hashtag's list.
pub fn tag_entry(tag: &str, post_id: &str) -> Item {
    key(tag_pk(tag), &format!("POST#{post_id}"))
}

pub fn tag_pk(tag: &str) -> String {
    format!("TAG#{tag}")
}

pub fn idempotency(user_id: &str, idempotency_key: &str) -> Item {
    key(
        format!("IDEMPOTENCY#{user_id}#{idempotency_key}"),
        "IDEMPOTENCY",
    )
}

pub fn outbox(event_id: &str) -> Item {
    key(format!("OUTBOX#{event_id}"), "OUTBOX")
}

/// A home-feed entry: newest first because post ids are ULIDs.
pub fn feed_entry(user_id: &str, post_id: &str) -> Item {
    key(feed_pk(user_id), post_id)
}

pub fn feed_pk(user_id: &str) -> String {
    format!("FEED#{user_id}")
}

pub const PULLED_SK: &str = "PULLED";

/// The set of followed celebrities whose posts a reader pulls at read time.
pub fn pulled_authors(user_id: &str) -> Item {
    key(user_pk(user_id), PULLED_SK)
}

pub const RECENT_SK: &str = "RECENT";

/// A celebrity's newest posts, denormalised for pulling.
pub fn recent_posts(author_id: &str) -> Item {
    key(user_pk(author_id), RECENT_SK)
}

/// Marks that a post's interaction with an account was counted.
pub fn interaction(post_id: &str, account_id: &str) -> Item {
    key(post_pk(post_id), &format!("INTERACTION#{account_id}"))
}

pub fn comment_pk(comment_id: &str) -> String {
    format!("COMMENT#{comment_id}")
}

pub fn comment(comment_id: &str) -> Item {
    key(comment_pk(comment_id), "COMMENT")
}

/// A post's comments in thread order (GSI1, sorted by path).
pub fn thread_pk(post_id: &str) -> String {
    format!("THREAD#{post_id}")
}

/// Where a reaction's target lives.
pub fn target(target: &Target) -> Item {
    match target {
        Target::Post(id) => post(id),
        Target::Comment(id) => comment(id),
    }
}

/// One account's reaction to a target.
pub fn reaction(target: &Target, user_id: &str) -> Item {
    key(reactions_pk(target), user_id)
}

/// A target's reactions (newest first on GSI1).
pub fn reactions_pk(target: &Target) -> String {
    format!("REACTIONS#{}", target.tag())
}

pub fn bookmark(user_id: &str, post_id: &str) -> Item {
    key(user_pk(user_id), &format!("BOOKMARK#{post_id}"))
}

/// An account's bookmarks (newest first on GSI1).
pub fn bookmarks_pk(user_id: &str) -> String {
    format!("BOOKMARKS#{user_id}")
}
