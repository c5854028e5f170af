//! What the notification routes (and the live frame) show: a group or a
//! single occurrence, with its actors' accounts. Notifications whose post or
//! comment is gone are dropped here, so a deletion needs no fan-out over
//! everyone it notified; actors whose account is gone drop from the list.

use crate::accounts::views::AuthorView;
use crate::notifications::model::{Entry, Group, Kind};
use crate::platform::clock::from_millis;
use crate::platform::context::App;
use crate::platform::error::Result;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use time::OffsetDateTime;

#[derive(Serialize)]
pub struct NotificationView {
    /// The group's id: what the read and dismiss routes take.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// `post:<id>`, `comment:<id>`, `user:<id>`, `conversation:<id>`,
    /// `report:<id>` or `community:<id>`.
    pub target: String,
    /// The reply, the mentioning post, the quote, the repost, the comment.
    pub subject: Option<String>,
    pub post_id: Option<String>,
    /// The reaction, the moderator's action, the report's resolution.
    pub detail: Option<String>,
    /// How many accounts (1 in the flat list).
    pub count: u64,
    /// The latest few of them, newest first.
    pub actors: Vec<AuthorView>,
    /// Every actor of the group.
    pub actors_url: String,
    pub unread: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub first_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub latest_at: OffsetDateTime,
}

impl NotificationView {
    /// What a push or an email says of it ("bob and 2 others reacted to your post").
    pub fn headline(&self) -> String {
        let actor = self
            .actors
            .first()
            .map_or("Someone", |a| a.username.as_str());
        self.kind.headline(actor, self.count)
    }
}

/// A notification before its accounts and content are looked up.
struct Shown<'a> {
    group: &'a Group,
    actors: Vec<&'a str>,
    count: u64,
    first_at: i64,
    latest_at: i64,
    unread: bool,
}

/// My groups as shown, in their order.
pub async fn groups(
    app: &App,
    groups: &[Group],
    read_before: i64,
) -> Result<Vec<NotificationView>> {
    let shown = groups
        .iter()
        .map(|g| Shown {
            group: g,
            actors: g.actors.iter().map(|a| a.id.as_str()).collect(),
            count: g.count,
            first_at: g.first_at,
            latest_at: g.latest_at,
            unread: g.unread(read_before),
        })
        .collect();
    hydrate(app, shown).await
}

/// Occurrences one by one, each with its group's read state; those whose
/// group is dismissed or held drop.
pub async fn entries(
    app: &App,
    entries: &[Entry],
    groups: &[Group],
    read_before: i64,
) -> Result<Vec<NotificationView>> {
    let shown = entries
        .iter()
        .filter_map(|e| {
            let group = groups.iter().find(|g| g.id == e.group_id && g.listed())?;
            Some(Shown {
                group,
                actors: vec![e.actor_id.as_str()],
                count: 1,
                first_at: e.at,
                latest_at: e.at,
                unread: e.at > group.read_at.max(read_before),
            })
        })
        .collect();
    hydrate(app, shown).await
}

/// The id after `prefix:` in a target, if it is one.
fn id_of<'a>(target: Option<&'a str>, prefix: &str) -> Option<&'a str> {
    target?.strip_prefix(prefix)?.strip_prefix(':')
}

/// The post or comment ids a notification points at.
fn refs<'a>(s: &Shown<'a>) -> [Option<&'a str>; 2] {
    [Some(s.group.target.as_str()), s.group.subject.as_deref()]
}

async fn hydrate(app: &App, shown: Vec<Shown<'_>>) -> Result<Vec<NotificationView>> {
    let mut post_ids = BTreeSet::new();
    let mut comment_ids = BTreeSet::new();
    let mut actor_ids = BTreeSet::new();
    for s in &shown {
        for r in refs(s) {
            post_ids.extend(id_of(r, "post"));
            comment_ids.extend(id_of(r, "comment"));
        }
        post_ids.extend(s.group.post_id.as_deref());
        actor_ids.extend(s.actors.iter().copied());
    }
    let posts: BTreeSet<String> = if post_ids.is_empty() {
        BTreeSet::new()
    } else {
        app.store
            .posts(post_ids.iter().copied())
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect()
    };
    let keys = comment_ids
        .iter()
        .map(|id| crate::comments::keys::comment(id))
        .collect();
    let comments: BTreeSet<String> = app
        .store
        .batch_get_recent(keys)
        .await?
        .into_iter()
        .map(crate::platform::store::decode::<crate::comments::model::Comment>)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|c| !c.deleted)
        .map(|c| c.id)
        .collect();
    let actor_ids: Vec<&str> = actor_ids.into_iter().collect();
    let users: HashMap<String, AuthorView> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        app.store
            .users(&actor_ids)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), AuthorView::from(u)))
            .collect()
    };
    let there = |r: Option<&str>| {
        id_of(r, "post").is_none_or(|id| posts.contains(id))
            && id_of(r, "comment").is_none_or(|id| comments.contains(id))
    };
    Ok(shown
        .into_iter()
        .filter(|s| {
            refs(s).into_iter().all(there)
                && s.group
                    .post_id
                    .as_deref()
                    .is_none_or(|id| posts.contains(id))
        })
        .filter_map(|s| {
            let actors: Vec<AuthorView> = s
                .actors
                .iter()
                .filter_map(|id| users.get(*id).cloned())
                .collect();
            if actors.is_empty() {
                return None;
            }
            let g = s.group;
            Some(NotificationView {
                id: g.id.clone(),
                kind: g.kind,
                target: g.target.clone(),
                subject: g.subject.clone(),
                post_id: g.post_id.clone(),
                detail: g.detail.clone(),
                count: s.count,
                actors,
                actors_url: format!("/v1/notifications/{}/actors", g.id),
                unread: s.unread,
                first_at: from_millis(s.first_at),
                latest_at: from_millis(s.latest_at),
            })
        })
        .collect())
}
