//! Notification routes: my notifications (grouped or flat), the requests my
//! policy holds, unread count, marking read, dismissing, a group's actors,
//! my settings, and muting a post's notifications.

use crate::accounts::views::AuthorView;
use crate::adapters::push::Platform;
use crate::notifications::model::{
    Channels, Device, Digest, Kind, Mute, QuietHours, Settings, Treatment,
};
use crate::notifications::push;
use crate::notifications::service::{self, Listing};
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::{Error, Result};
use crate::platform::http::{
    authenticate, created, id_param, json, json_body, no_content, page, page_request, path_param,
};
use crate::platform::ids::PostId;
use crate::posts::reading::visible_post;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn query<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query_string_parameters_ref()
        .and_then(|q| q.first(name))
}

/// `?types=reaction,mention`: the kinds asked for (none: all).
fn kinds(req: &Request) -> Result<Vec<Kind>> {
    let Some(raw) = query(req, "types") else {
        return Ok(Vec::new());
    };
    let mut kinds = Vec::new();
    for name in raw.split(',').filter(|n| !n.is_empty()) {
        let kind = Kind::parse(name).ok_or_else(|| {
            Error::validation("types", format!("{name} is not a notification type"))
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

async fn list(app: &App, req: Request, requests: bool) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let grouped = match query(&req, "grouped") {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(Error::validation("grouped", "must be true or false")),
    };
    let listing = Listing {
        grouped,
        requests,
        kinds: kinds(&req)?,
    };
    let list = match (requests, grouped) {
        (true, _) => "requests",
        (false, true) => "grouped",
        (false, false) => "flat",
    };
    let scope = Scope::Notifications {
        owner: me.clone(),
        list,
    };
    let (limit, after) = page_request(app, &req, &scope)?;
    let (items, next) = service::page(app, &me, &listing, limit, after).await?;
    page(app, &scope, items, next)
}

pub async fn list_notifications(app: &App, req: Request) -> Result<Response<Body>> {
    list(app, req, false).await
}

pub async fn list_notification_requests(app: &App, req: Request) -> Result<Response<Body>> {
    list(app, req, true).await
}

pub async fn count_unread_notifications(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let read = app.store.read_state(&me).await?;
    let unread = app
        .store
        .unread_notifications(&me, read.read_before)
        .await?;
    json(StatusCode::OK, &serde_json::json!({ "unread": unread }))
}

/// The caller and the `{notification_id}` they name.
fn caller_and_id(app: &App, req: &Request) -> Result<(String, String)> {
    Ok((
        authenticate(app, req)?.sub,
        path_param(req, "notification_id")?,
    ))
}

pub async fn mark_notification_read(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_and_id(app, &req)?;
    service::mark_read(app, &me, &id).await?;
    no_content()
}

pub async fn mark_all_notifications_read(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    app.store.mark_all_read(&me, now_ms()).await?;
    no_content()
}

pub async fn dismiss_notification(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_and_id(app, &req)?;
    service::dismiss(app, &me, &id).await?;
    no_content()
}

pub async fn accept_notification_request(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_and_id(app, &req)?;
    service::accept(app, &me, &id).await?;
    no_content()
}

#[derive(Serialize)]
struct ActorView {
    #[serde(flatten)]
    account: AuthorView,
    #[serde(with = "time::serde::rfc3339")]
    at: time::OffsetDateTime,
}

pub async fn list_notification_actors(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_and_id(app, &req)?;
    service::group(app, &me, &id).await?;
    let scope = Scope::NotificationActors {
        owner: me.clone(),
        group: id.clone(),
    };
    let (limit, after) = page_request(app, &req, &scope)?;
    let (entries, next) = app.store.group_entries(&me, &id, limit, after).await?;
    let ids: Vec<&str> = entries.iter().map(|e| e.actor_id.as_str()).collect();
    let users = if ids.is_empty() {
        Vec::new()
    } else {
        app.store.users(&ids).await?
    };
    let items: Vec<ActorView> = entries
        .iter()
        .filter_map(|e| {
            let user = users.iter().find(|u| u.id == e.actor_id)?;
            Some(ActorView {
                account: AuthorView::from(user.clone()),
                at: crate::platform::clock::from_millis(e.at),
            })
        })
        .collect();
    page(app, &scope, items, next)
}

/// My settings with every kind's channels spelled out (defaults included).
#[derive(Serialize)]
struct SettingsView {
    policy: crate::notifications::model::Policy,
    preferences: BTreeMap<Kind, Channels>,
    quiet_hours: Option<QuietHours>,
    digest: Digest,
}

impl SettingsView {
    fn of(settings: &Settings) -> Self {
        Self {
            policy: settings.policy,
            preferences: Kind::ALL
                .into_iter()
                .map(|k| (k, settings.channels(k)))
                .collect(),
            quiet_hours: settings.quiet_hours.clone(),
            digest: settings.digest,
        }
    }
}

pub async fn get_notification_settings(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let settings = app.store.notification_settings(&me).await?;
    json(StatusCode::OK, &SettingsView::of(&settings))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyChange {
    for_not_following: Option<Treatment>,
    for_not_followers: Option<Treatment>,
    for_new_accounts: Option<Treatment>,
    for_private_mentions: Option<Treatment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelsChange {
    in_app: Option<bool>,
    push: Option<bool>,
    email: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsChange {
    policy: Option<PolicyChange>,
    preferences: Option<BTreeMap<Kind, ChannelsChange>>,
    /// An object sets them, null clears them, absent leaves them.
    #[serde(default, deserialize_with = "present")]
    quiet_hours: Option<Option<QuietHours>>,
    digest: Option<Digest>,
}

/// A field that may be null: `Some(None)` when null, `None` when absent.
fn present<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

pub async fn update_notification_settings(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let change: SettingsChange = json_body(&req)?;
    let mut settings = app.store.notification_settings(&me).await?;
    let before = settings.clone();
    if let Some(p) = change.policy {
        let policy = &mut settings.policy;
        policy.for_not_following = p.for_not_following.unwrap_or(policy.for_not_following);
        policy.for_not_followers = p.for_not_followers.unwrap_or(policy.for_not_followers);
        policy.for_new_accounts = p.for_new_accounts.unwrap_or(policy.for_new_accounts);
        policy.for_private_mentions = p
            .for_private_mentions
            .unwrap_or(policy.for_private_mentions);
    }
    for (kind, c) in change.preferences.unwrap_or_default() {
        let now = settings.channels(kind);
        let channels = Channels {
            in_app: c.in_app.unwrap_or(now.in_app),
            push: c.push.unwrap_or(now.push),
            email: c.email.unwrap_or(now.email),
        };
        settings.set_channels(kind, channels);
    }
    if let Some(quiet_hours) = change.quiet_hours {
        if let Some(q) = &quiet_hours {
            let problems = q.problems();
            if !problems.is_empty() {
                return Err(Error::Validation(problems));
            }
        }
        settings.quiet_hours = quiet_hours;
    }
    settings.digest = change.digest.unwrap_or(settings.digest);
    app.store.put_notification_settings(&me, &settings).await?;
    if (before.digest, &before.quiet_hours) != (settings.digest, &settings.quiet_hours) {
        crate::notifications::digest::reschedule(app, &me, &settings).await?;
    }
    json(StatusCode::OK, &SettingsView::of(&settings))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MuteRequest {
    /// `all` (the default) or `strangers` (only their reactions and reposts).
    mode: Option<Mute>,
}

/// Mutes a post I can see: "stop notifying me about this thread".
pub async fn mute_post_notifications(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id: PostId = id_param(&req, "post_id")?;
    let body: MuteRequest = json_body(&req)?;
    visible_post(app, Some(&me), &post_id).await?;
    let mode = body.mode.unwrap_or(Mute::All);
    app.store.set_post_mute(&me, &post_id, Some(mode)).await?;
    json(
        StatusCode::OK,
        &serde_json::json!({ "post_id": &*post_id, "mode": mode }),
    )
}

pub async fn unmute_post_notifications(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id: PostId = id_param(&req, "post_id")?;
    app.store.set_post_mute(&me, &post_id, None).await?;
    no_content()
}

#[derive(Serialize)]
struct DeviceView {
    id: String,
    platform: Platform,
    #[serde(with = "time::serde::rfc3339")]
    created_at: time::OffsetDateTime,
}

impl From<&Device> for DeviceView {
    fn from(d: &Device) -> Self {
        Self {
            id: d.id.clone(),
            platform: d.platform,
            created_at: crate::platform::clock::from_millis(d.created_at),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviceRequest {
    platform: Platform,
    /// The APNs device token or FCM registration token.
    token: String,
}

/// Registers this device for pushes (again: the same device, refreshed).
pub async fn register_device(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: DeviceRequest = json_body(&req)?;
    let device = push::register(app, &me, body.platform, &body.token).await?;
    created(
        &format!("/v1/me/devices/{}", device.id),
        &DeviceView::from(&device),
    )
}

pub async fn list_devices(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let devices = app.store.devices(&me).await?;
    let items: Vec<DeviceView> = devices.iter().map(DeviceView::from).collect();
    json(StatusCode::OK, &serde_json::json!({ "items": items }))
}

pub async fn remove_device(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let id = path_param(&req, "device_id")?;
    push::unregister(app, &me, &id).await?;
    no_content()
}

/// RFC 8058 one-click unsubscribe: the mail provider POSTs
/// `List-Unsubscribe=One-Click` (form-encoded, not read) to the link in an
/// email's `List-Unsubscribe` header; its signed `token` names the account
/// and the type whose emails stop. No sign-in, by design.
pub async fn unsubscribe_notifications(app: &App, req: Request) -> Result<Response<Body>> {
    let token = query(&req, "token")
        .ok_or_else(|| Error::BadRequest("the unsubscribe link has no token".into()))?;
    let kind = crate::notifications::email::unsubscribe(app, token).await?;
    json(
        StatusCode::OK,
        &serde_json::json!({ "unsubscribed": kind, "email": false }),
    )
}
