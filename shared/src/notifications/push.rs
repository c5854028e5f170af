//! Mobile push: my devices (an APNs or FCM token -> an SNS platform
//! endpoint), a push per notification as it is recorded (with the unread
//! count as badge and the group as collapse key, so a growing group replaces
//! its earlier push), held through my quiet hours and summarised once after
//! them. An endpoint the provider disabled is removed with its device.

use crate::adapters::push::{Platform, PushMessage, Sent};
use crate::notifications::device_store::{Held, SLOT_MS};
use crate::notifications::model::Device;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::crypto::token_digest;
use crate::platform::error::{Error, Result};
use serde_json::json;

/// Device tokens are opaque; APNs' are 64 hex digits, FCM's about 160 characters.
const TOKEN_MAX: usize = 4096;
/// Quarter hours the release looks back over, in case a run was missed.
const RELEASE_LOOKBACK_SLOTS: i64 = 8;

/// Registers (or re-registers) a device of mine for pushes.
pub async fn register(app: &App, me: &str, platform: Platform, token: &str) -> Result<Device> {
    if token.is_empty() || token.len() > TOKEN_MAX || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::validation(
            "token",
            format!("must be the device's push token: 1 to {TOKEN_MAX} printable characters"),
        ));
    }
    let Some(endpoint) = app.push.endpoint(platform, token).await? else {
        return Err(Error::validation(
            "platform",
            "this deployment takes no devices of that platform",
        ));
    };
    let id = token_digest(&endpoint);
    let previous = app.store.endpoint_owner(&id).await?;
    let device = Device {
        id,
        user_id: me.to_owned(),
        platform,
        endpoint,
        created_at: now_ms(),
    };
    app.store.put_device(&device, previous.as_deref()).await?;
    Ok(device)
}

/// Removes a device of mine; its endpoint goes too unless another account
/// has taken the token over.
pub async fn unregister(app: &App, me: &str, device_id: &str) -> Result<()> {
    let Some(device) = app.store.remove_device(me, device_id).await? else {
        return Err(Error::NotFound(format!("no device {device_id}")));
    };
    if app.store.endpoint_owner(device_id).await?.is_none() {
        app.push.forget(&device.endpoint).await?;
    }
    Ok(())
}

/// Sends `message` to each device; those whose endpoint is disabled are
/// removed. Returns how many took it.
pub async fn send(app: &App, devices: &[Device], message: &PushMessage) -> Result<usize> {
    let mut delivered = 0;
    for device in devices {
        match app.push.send(&device.endpoint, message).await? {
            Sent::Delivered => delivered += 1,
            Sent::Disabled => forget_endpoint(app, &device.endpoint).await?,
        }
    }
    Ok(delivered)
}

/// The provider disabled an endpoint: its device (whoever owns it) and the
/// endpoint go.
pub async fn forget_endpoint(app: &App, endpoint: &str) -> Result<()> {
    let id = token_digest(endpoint);
    if let Some(owner) = app.store.endpoint_owner(&id).await? {
        app.store.remove_device(&owner, &id).await?;
    }
    app.push.forget(endpoint).await
}

/// The summary of what quiet hours held.
fn summary(held: &Held, unread: usize) -> PushMessage {
    PushMessage {
        title: "Kith".into(),
        body: crate::notifications::model::while_away(held.count),
        badge: unread,
        collapse_key: "quiet-hours".into(),
        data: json!({"summary": held.count}),
    }
}

/// Sends the summaries (push and email) of quiet hours that have ended (up
/// to `now`, looking back two hours for runs that were missed). Returns how
/// many accounts got one.
pub async fn release(app: &App, now: i64) -> Result<usize> {
    let due = now.div_euclid(SLOT_MS);
    let mut released = 0;
    for slot in (due - RELEASE_LOOKBACK_SLOTS)..=due {
        for held in app.store.held_in(slot).await? {
            if held.release_at > now {
                continue;
            }
            let devices = if held.by_push {
                app.store.devices(&held.user_id).await?
            } else {
                Vec::new()
            };
            if !devices.is_empty() {
                let read = app.store.read_state(&held.user_id).await?;
                let unread = app
                    .store
                    .unread_notifications(&held.user_id, read.read_before)
                    .await?;
                send(app, &devices, &summary(&held, unread)).await?;
            }
            if held.by_email
                && let Some(to) = crate::notifications::email::recipient(app, &held.user_id).await?
            {
                crate::notifications::email::summary(app, &to, held.count).await?;
            }
            app.store.release_held(&held).await?;
            released += 1;
        }
    }
    Ok(released)
}
