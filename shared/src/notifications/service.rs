//! Use cases: delivering a notice (screened by blocks, mutes, my policy and
//! preferences; recorded; pushed live, to my devices and by email), and
//! reading and marking mine.

use crate::adapters::push::PushMessage;
use crate::graph::model::RelationKind;
use crate::notifications::model::{Group, Kind, Notice, Settings, Standing, Treatment};
use crate::notifications::views::{self, NotificationView};
use crate::notifications::{email, push};
use crate::platform::clock::{millis, now, now_ms};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::{Error, Result};
use crate::realtime::model::Frame;
use crate::realtime::service as realtime;

/// What became of a notice (for the logs and the tests' reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Recorded {
        filtered: bool,
    },
    /// This actor is in its group already (a redelivery, a changed reaction).
    Repeated,
    /// To myself, from an account blocked either way or muted, on a muted
    /// post, switched off in my preferences, or dropped by my policy.
    Screened,
}

/// Delivers one notice to its recipient.
#[tracing::instrument(skip_all, fields(user = %notice.user_id, kind = notice.kind.name()))]
pub async fn deliver(app: &App, notice: &Notice) -> Result<Outcome> {
    if notice.user_id == notice.actor_id {
        return Ok(Outcome::Screened);
    }
    let (settings, digest) = app
        .store
        .notification_settings_and_digest(&notice.user_id)
        .await?;
    if !settings.channels(notice.kind).in_app {
        return Ok(Outcome::Screened);
    }
    let me = notice.user_id.as_str();
    let actor = notice.actor_id.as_str();
    let between = app.store.between(me, actor).await?;
    if between.has(RelationKind::Blocks, me, actor)
        || between.has(RelationKind::Blocks, actor, me)
        || between.has(RelationKind::Mutes, me, actor)
    {
        return Ok(Outcome::Screened);
    }
    let i_follow_them = between.has(RelationKind::Follows, me, actor);
    if let Some(post_id) = &notice.post_id
        && let Some(mute) = app.store.post_mute(me, post_id).await?
        && mute.silences(notice.kind, i_follow_them)
    {
        return Ok(Outcome::Screened);
    }
    // An actor erased meanwhile leaves nothing (erasure may have run already).
    let Some(actor_account) = app.store.user(actor).await? else {
        return Ok(Outcome::Screened);
    };
    let account_age_secs = now().unix_timestamp() - actor_account.created_at.unix_timestamp();
    let standing = Standing {
        i_follow_them,
        they_follow_me: between.has(RelationKind::Follows, actor, me),
        account_age_secs,
    };
    let filtered = match settings
        .policy
        .treat(notice.kind, notice.private_mention, standing)
    {
        Treatment::Drop => return Ok(Outcome::Screened),
        Treatment::Filter => true,
        Treatment::Accept => false,
    };
    let Some(group) = app.store.record_notice(notice, filtered).await? else {
        return Ok(Outcome::Repeated);
    };
    if group.listed() {
        if digest.is_none() {
            crate::notifications::digest::schedule(app, me, &settings, notice.at).await?;
        }
        announce(app, &settings, &group).await?;
    }
    Ok(Outcome::Recorded { filtered })
}

/// Tells me of a new or grown group where I am: on my open WebSocket
/// connections (with my unread count), on my devices if I take this kind by
/// push, by email if I take it by email (both held while my quiet hours
/// last). Connections, devices and address are looked up first: most
/// accounts need none of the rest.
async fn announce(app: &App, settings: &Settings, group: &Group) -> Result<()> {
    let now = now();
    let connected = app
        .store
        .connections_of(&group.user_id)
        .await?
        .iter()
        .any(|c| c.open(now.unix_timestamp()));
    let channels = settings.channels(group.kind);
    let devices = if channels.push {
        app.store.devices(&group.user_id).await?
    } else {
        Vec::new()
    };
    let mail_to = if channels.email {
        email::recipient(app, &group.user_id).await?
    } else {
        None
    };
    if !connected && devices.is_empty() && mail_to.is_none() {
        return Ok(());
    }
    let read = app.store.read_state(&group.user_id).await?;
    let Some(view) = views::groups(app, std::slice::from_ref(group), read.read_before)
        .await?
        .pop()
    else {
        return Ok(());
    };
    let unread = app
        .store
        .unread_notifications(&group.user_id, read.read_before)
        .await?;
    let headline = view.headline();
    let quiet = settings
        .quiet_hours
        .as_ref()
        .and_then(|q| q.release_at(millis(now)));
    match quiet {
        Some(release_at) if !devices.is_empty() || mail_to.is_some() => {
            app.store
                .hold(
                    &group.user_id,
                    release_at,
                    !devices.is_empty(),
                    mail_to.is_some(),
                )
                .await?;
        }
        Some(_) => {}
        None => {
            if !devices.is_empty() {
                let message = PushMessage {
                    title: "Kith".into(),
                    body: headline.clone(),
                    badge: unread,
                    collapse_key: group.id.clone(),
                    data: serde_json::json!({"notification_id": group.id, "type": group.kind}),
                };
                push::send(app, &devices, &message).await?;
            }
            // A group that grows is emailed once, when it begins.
            if let Some(to) = &mail_to
                && view.count == 1
            {
                email::notify(app, to, group.kind, headline).await?;
            }
        }
    }
    if connected {
        let frame = Frame::Notification {
            notification: serde_json::to_value(&view)
                .map_err(|e| Error::internal("encode notification", e))?,
            unread,
        };
        realtime::push(app, vec![(group.user_id.clone(), frame)]).await?;
    }
    Ok(())
}

/// Which list, and how.
pub struct Listing {
    /// One item per group, or one per occurrence.
    pub grouped: bool,
    /// The requests my policy holds instead of my notifications.
    pub requests: bool,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Kind>,
}

/// A page of my notifications as shown.
pub async fn page(
    app: &App,
    me: &str,
    listing: &Listing,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<NotificationView>, Option<Position>)> {
    let read = app.store.read_state(me).await?;
    if listing.grouped || listing.requests {
        let (groups, next) = app
            .store
            .notification_groups(me, listing.requests, &listing.kinds, limit, after)
            .await?;
        return Ok((views::groups(app, &groups, read.read_before).await?, next));
    }
    let (entries, next) = app
        .store
        .notification_entries(me, &listing.kinds, limit, after)
        .await?;
    let ids = crate::platform::ids::distinct(entries.iter().map(|e| e.group_id.as_str()));
    let groups = if ids.is_empty() {
        Vec::new()
    } else {
        app.store.notification_groups_by_id(me, &ids).await?
    };
    Ok((
        views::entries(app, &entries, &groups, read.read_before).await?,
        next,
    ))
}

pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("no notification {id}"))
}

/// One group of mine (a request too), or 404.
pub async fn group(app: &App, me: &str, id: &str) -> Result<Group> {
    if !crate::notifications::model::is_group_id(id) {
        return Err(not_found(id));
    }
    app.store
        .notification_group(me, id)
        .await?
        .filter(|g| !g.dismissed)
        .ok_or_else(|| not_found(id))
}

pub async fn mark_read(app: &App, me: &str, id: &str) -> Result<()> {
    group(app, me, id).await?;
    if !app.store.mark_group_read(me, id, now_ms()).await? {
        return Err(not_found(id));
    }
    Ok(())
}

pub async fn dismiss(app: &App, me: &str, id: &str) -> Result<()> {
    group(app, me, id).await?;
    if !app.store.dismiss_group(me, id).await? {
        return Err(not_found(id));
    }
    Ok(())
}

/// Moves a request into my notifications.
pub async fn accept(app: &App, me: &str, id: &str) -> Result<()> {
    let held = group(app, me, id).await?;
    if !held.filtered {
        return Err(not_found(id));
    }
    if !app.store.accept_held(&held).await? {
        return Err(crate::communities::service::changed());
    }
    Ok(())
}
