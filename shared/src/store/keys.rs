//! Key builders: the one place that knows how items are addressed.

use super::{Item, s};
use crate::domain::community::{CommunitySort, Window, period};
use crate::domain::graph::{List, Relation, RelationKind};
use crate::domain::reaction::Target;
use aws_sdk_dynamodb::types::AttributeValue;
use time::OffsetDateTime;

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

pub fn community_pk(community_id: &str) -> String {
    format!("COMMUNITY#{community_id}")
}

pub fn community(community_id: &str) -> Item {
    key(community_pk(community_id), "COMMUNITY")
}

/// Guard item that makes a community name unique (lowercase key).
pub fn community_name(name_key: &str) -> Item {
    key(format!("COMMUNITYNAME#{name_key}"), "COMMUNITYNAME")
}

pub const MEMBER_PREFIX: &str = "MEMBER#";

pub fn membership(community_id: &str, user_id: &str) -> Item {
    key(
        community_pk(community_id),
        &format!("{MEMBER_PREFIX}{user_id}"),
    )
}

pub fn join_request(community_id: &str, user_id: &str) -> Item {
    key(community_pk(community_id), &format!("JOINREQ#{user_id}"))
}

pub const BAN_PREFIX: &str = "BAN#";

pub fn ban(community_id: &str, user_id: &str) -> Item {
    key(
        community_pk(community_id),
        &format!("{BAN_PREFIX}{user_id}"),
    )
}

/// A community's lists on GSI1 (members, join requests, bans), newest first.
pub fn community_list(list: &str, community_id: &str) -> String {
    format!("{list}#{community_id}")
}

/// The communities an account belongs to (GSI2), newest first.
pub fn memberships_pk(user_id: &str) -> String {
    format!("MEMBERSHIPS#{user_id}")
}

pub fn mod_log_entry(community_id: &str, entry_id: &str) -> Item {
    key(mod_log_pk(community_id), entry_id)
}

pub fn mod_log_pk(community_id: &str) -> String {
    format!("MODLOG#{community_id}")
}

pub fn report(report_id: &str) -> Item {
    key(format!("REPORT#{report_id}"), "REPORT")
}

/// A report queue (a community's, or `site`), by status, on GSI1.
pub fn report_queue(queue: &str, status: &str) -> String {
    format!("REPORTS#{queue}#{status}")
}

/// One account's vote on a target.
pub fn vote(target: &Target, user_id: &str) -> Item {
    key(format!("VOTES#{}", target.tag()), user_id)
}

/// A community's posts on one sort index: (index, partition-key attribute,
/// value); the index's sort key orders them, highest first.
pub fn community_sort(
    sort: CommunitySort,
    community_id: &str,
) -> (&'static str, &'static str, String) {
    match sort {
        CommunitySort::New => ("GSI1", "GSI1PK", format!("CPOSTS#{community_id}")),
        CommunitySort::Hot => ("GSI7", "GSI7PK", format!("CHOT#{community_id}")),
        CommunitySort::Controversial => ("GSI8", "GSI8PK", format!("CCONTRO#{community_id}")),
        CommunitySort::Top(None) => ("GSI3", "GSI3PK", format!("CTOP#{community_id}")),
        CommunitySort::Top(Some((Window::Day, period))) => {
            ("GSI4", "GSI4PK", format!("CTOPDAY#{community_id}#{period}"))
        }
        CommunitySort::Top(Some((Window::Week, period))) => (
            "GSI5",
            "GSI5PK",
            format!("CTOPWEEK#{community_id}#{period}"),
        ),
        CommunitySort::Top(Some((_, period))) => (
            "GSI6",
            "GSI6PK",
            format!("CTOPMONTH#{community_id}#{period}"),
        ),
    }
}

/// Sort-key attributes that are numbers (scores and ranks), not strings.
pub const NUMERIC_SORT_KEYS: [&str; 6] =
    ["GSI3SK", "GSI4SK", "GSI5SK", "GSI6SK", "GSI7SK", "GSI8SK"];

/// The index attributes that place a new community post (score 0) on every
/// sort: new, hot, controversial, top of all time and of its day, week and month.
pub fn community_post_indexes(
    community_id: &str,
    post_id: &str,
    created_at: OffsetDateTime,
    hot: f64,
) -> Item {
    let mut item = Item::new();
    let mut index = |sort: CommunitySort, sk: AttributeValue| {
        let (index, pk_attr, pk) = community_sort(sort, community_id);
        item.insert(pk_attr.into(), s(pk));
        item.insert(format!("{index}SK"), sk);
    };
    index(CommunitySort::New, s(post_id));
    index(CommunitySort::Hot, AttributeValue::N(hot.to_string()));
    index(CommunitySort::Controversial, AttributeValue::N("0".into()));
    index(CommunitySort::Top(None), AttributeValue::N("0".into()));
    for window in [Window::Day, Window::Week, Window::Month] {
        let period = period(window, created_at).expect("a window has periods");
        index(
            CommunitySort::Top(Some((window, period))),
            AttributeValue::N("0".into()),
        );
    }
    item
}

/// Guard item: `user_id` reposted `post_id` (one repost each), pointing at the repost.
pub fn repost_guard(post_id: &str, user_id: &str) -> Item {
    key(post_pk(post_id), &format!("REPOST#{user_id}"))
}

pub fn media(media_id: &str) -> Item {
    key(format!("MEDIA#{media_id}"), "MEDIA")
}

/// An account's media (GSI1).
pub fn media_of(owner_id: &str) -> String {
    format!("MEDIAOF#{owner_id}")
}
