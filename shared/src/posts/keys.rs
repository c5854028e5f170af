//! Where posts items live in the table: the one place that knows their keys.

use crate::communities::model::{CommunitySort, Window, period};
use crate::platform::store::{Item, key, s};
use aws_sdk_dynamodb::types::AttributeValue;
use time::OffsetDateTime;

pub const POST_SK: &str = "POST";

pub fn post(post_id: &str) -> Item {
    key(post_pk(post_id), POST_SK)
}

pub fn post_pk(post_id: &str) -> String {
    format!("POST#{post_id}")
}

/// The post id in a post's partition key.
pub fn post_id_of(pk: &str) -> Option<&str> {
    pk.strip_prefix("POST#")
}

/// Whether a community sort's index holds whole posts (GSI1, shared with
/// other lists) or their keys only (GSI3-8, which a vote moves a post on).
pub fn sort_holds_posts(index: &str) -> bool {
    index == "GSI1"
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
