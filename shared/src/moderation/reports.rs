//! Reports: anyone signed in reports a post, comment or account they can
//! see. Reports about community content wait in that community's queue for
//! its moderators; the rest wait for the site's admins (`KITH_ADMINS`).

use crate::comments::service::visible_comment;
use crate::communities::model::check_reason;
use crate::communities::service as communities;
use crate::moderation::report_store::Report;
use crate::moderation::report_store::ReportStatus;
use crate::platform::clock::{now, now_ms};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::platform::events::{Event, ReportFiled, ReportResolved};
use crate::platform::ids::ReportId;
use crate::posts::reading::visible_post;
use crate::profiles::service::profile;

/// What a report is about, as the client names it.
pub enum Reported {
    Post(String),
    Comment(String),
    /// By username.
    User(String),
}

/// Files a report; the `report.filed` event lets the queue's handlers know.
pub async fn file(app: &App, me: &str, reported: Reported, reason: &str) -> Result<Report> {
    let reason = check_reason(reason).map_err(|e| Error::Validation(vec![e]))?;
    let (target, community_id) = match reported {
        Reported::Post(id) => {
            let post = visible_post(app, Some(me), &id).await?;
            (format!("post:{id}"), post.community_id)
        }
        Reported::Comment(id) => {
            let comment = visible_comment(app, Some(me), &id).await?;
            let post = visible_post(app, Some(me), &comment.post_id).await?;
            (format!("comment:{id}"), post.community_id)
        }
        Reported::User(username) => (format!("user:{}", profile(app, &username).await?.id), None),
    };
    let report = Report {
        id: ReportId::generate().into(),
        reporter_id: me.to_owned(),
        target,
        community_id,
        reason,
        status: ReportStatus::Open,
        resolution: None,
        resolved_by: None,
        created_at: now_ms(),
        resolved_at: None,
    };
    let event = Event::ReportFiled(ReportFiled {
        report_id: report.id.clone(),
        target: report.target.clone(),
        community_id: report.community_id.clone(),
        reporter_id: me.to_owned(),
    })
    .at(report.created_at / 1000);
    app.store.file_report(&report, &event).await?;
    Ok(report)
}

/// Who may handle a queue: a community's moderators, or the site's admins.
async fn ensure_handles(app: &App, me: &str, community: Option<&str>) -> Result<()> {
    let allowed = match community {
        Some(name) => communities::moderates(app, me, name).await?,
        None => app.config.is_admin(me),
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::denied(
            Denied::NotAModerator,
            "only this queue's moderators can see it",
        ))
    }
}

/// A page of a queue: a community's (by name) or the site's (`None`).
pub async fn queue(
    app: &App,
    me: &str,
    community: Option<&str>,
    status: ReportStatus,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<Report>, Option<Position>)> {
    ensure_handles(app, me, community).await?;
    let queue = match community {
        Some(name) => communities::seen(app, Some(me), name).await?.community.id,
        None => "site".to_owned(),
    };
    app.store
        .report_queue_page(&queue, status, limit, after)
        .await
}

/// Resolves an open report in a queue I handle; resolving twice is a 409.
pub async fn resolve(app: &App, me: &str, report_id: &str, resolution: &str) -> Result<Report> {
    let resolution = check_reason(resolution).map_err(|mut e| {
        e.field = "resolution".into();
        Error::Validation(vec![e])
    })?;
    let report = app
        .store
        .report(report_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no report {report_id}")))?;
    let community = match &report.community_id {
        Some(id) => app.store.community(id).await?.map(|c| c.name),
        None => None,
    };
    ensure_handles(app, me, community.as_deref()).await?;
    let resolved = Report {
        status: ReportStatus::Resolved,
        resolution: Some(resolution),
        resolved_by: Some(me.to_owned()),
        resolved_at: Some(now_ms()),
        ..report
    };
    let event = Event::ReportResolved(ReportResolved {
        report_id: resolved.id.clone(),
        reporter_id: resolved.reporter_id.clone(),
        resolver_id: me.to_owned(),
        resolution: resolved.resolution.clone().unwrap_or_default(),
    })
    .at(now().unix_timestamp());
    if !app.store.resolve_report(&resolved, &event).await? {
        return Err(Error::clash(
            Clash::AlreadyResolved,
            "this report is already resolved",
        ));
    }
    Ok(resolved)
}
