//! The digest ("while you were away"): my first notification after the
//! last digest schedules the next one (daily or weekly, as I chose); when
//! it falls due, a scheduled run emails what is still unread, or nothing
//! if I have read it all meanwhile.

use crate::notifications::digest_store::{HOUR_MS, Pending};
use crate::notifications::model::{DIGEST_LINES, Digest, Settings};
use crate::notifications::{email, views};
use crate::platform::context::App;
use crate::platform::error::Result;

/// Groups a digest reads at most (it says "100 new notifications" past that).
const DIGEST_READ: i32 = 100;
/// Hours a run looks back over, in case runs were missed.
const LOOKBACK_HOURS: i64 = 24;

/// The time zone my digest keeps: my quiet hours'.
fn time_zone(settings: &Settings) -> Option<&str> {
    settings.quiet_hours.as_ref().map(|q| q.time_zone.as_str())
}

/// Schedules my next digest from `at` (epoch ms), unless one is pending.
pub async fn schedule(app: &App, user_id: &str, settings: &Settings, at: i64) -> Result<()> {
    if let Some(due) = settings.digest.due_after(at, time_zone(settings)) {
        let pending = Pending {
            user_id: user_id.to_owned(),
            since: at,
            due,
        };
        app.store.schedule_digest(&pending, false).await?;
    }
    Ok(())
}

/// My settings changed: a pending digest moves to the new schedule (or goes).
pub async fn reschedule(app: &App, user_id: &str, settings: &Settings) -> Result<()> {
    let Some(pending) = app.store.pending_digest(user_id).await? else {
        return Ok(());
    };
    match settings
        .digest
        .due_after(pending.since, time_zone(settings))
    {
        Some(due) => {
            let moved = Pending { due, ..pending };
            app.store.schedule_digest(&moved, true).await
        }
        None => app.store.cancel_digest(user_id).await,
    }
}

/// Sends the digests due by `due_by` (epoch ms); how many went out. Each
/// is claimed before it is sent, so overlapping runs send it once; one that
/// fails to send is put back for the next run.
pub async fn send_due(app: &App, now: i64, due_by: i64) -> Result<usize> {
    let mut sent = 0;
    for hour in (now.div_euclid(HOUR_MS) - LOOKBACK_HOURS)..=due_by.div_euclid(HOUR_MS) {
        for pending in app.store.digests_in(hour).await? {
            if pending.due > due_by || !app.store.claim_digest(&pending).await? {
                continue;
            }
            match send(app, &pending).await {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(err) => {
                    app.store.schedule_digest(&pending, false).await?;
                    return Err(err);
                }
            }
        }
    }
    Ok(sent)
}

/// One digest: what is unread of what happened since it was scheduled.
#[tracing::instrument(skip_all, fields(user = %pending.user_id))]
async fn send(app: &App, pending: &Pending) -> Result<bool> {
    let user_id = pending.user_id.as_str();
    let settings = app.store.notification_settings(user_id).await?;
    if settings.digest == Digest::Off {
        return Ok(false);
    }
    let Some(to) = email::recipient(app, user_id).await? else {
        return Ok(false);
    };
    let read = app.store.read_state(user_id).await?;
    let unread: Vec<_> = app
        .store
        .groups_since(user_id, pending.since, DIGEST_READ)
        .await?
        .into_iter()
        .filter(|g| g.unread(read.read_before))
        .collect();
    let shown = views::groups(
        app,
        &unread[..unread.len().min(DIGEST_LINES)],
        read.read_before,
    )
    .await?;
    if shown.is_empty() {
        return Ok(false);
    }
    let headlines: Vec<String> = shown
        .iter()
        .map(views::NotificationView::headline)
        .collect();
    email::digest(app, &to, unread.len() as u64, &headlines).await
}
