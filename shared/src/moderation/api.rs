//! Moderation over HTTP: removals, locks, pins, the mod log and reports.

use crate::communities::api::name;
use crate::communities::store::ModLogEntry;
use crate::moderation::model::{LockAction, PinAction};
use crate::moderation::report_store::Report;
use crate::moderation::report_store::ReportStatus;
use crate::moderation::reports;
use crate::moderation::reports::Reported;
use crate::moderation::service as moderation;
use crate::platform::clock::from_millis;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::client_ip;
use crate::platform::http::created;
use crate::platform::http::id_param;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::ids::{CommentId, PostId, ReportId};
use crate::platform::throttle;
use crate::platform::throttle::Bucket;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Serialize)]
struct ModLogView {
    id: String,
    moderator_id: String,
    action: String,
    target: String,
    reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

impl ModLogView {
    fn new(entry: ModLogEntry) -> Result<Self> {
        Ok(Self {
            id: entry.id,
            moderator_id: entry.moderator_id,
            action: entry.action,
            target: entry.target,
            reason: entry.reason,
            at: from_millis(entry.created_at),
        })
    }
}

pub async fn get_mod_log(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let name = name(&req)?;
    let scope = Scope::ModLog(name.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let (entries, next) = moderation::mod_log(app, viewer.as_deref(), &name, limit, after).await?;
    let items = entries
        .into_iter()
        .map(ModLogView::new)
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

pub async fn pin_post(app: &App, req: Request) -> Result<Response<Body>> {
    pin(app, req, PinAction::Pin).await
}

pub async fn unpin_post(app: &App, req: Request) -> Result<Response<Body>> {
    pin(app, req, PinAction::Unpin).await
}

async fn pin(app: &App, req: Request, action: PinAction) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id: PostId = id_param(&req, "post_id")?;
    moderation::set_pinned(app, &me, &name(&req)?, &post_id, action).await?;
    no_content()
}

pub async fn lock_post(app: &App, req: Request) -> Result<Response<Body>> {
    lock(app, req, LockAction::Lock).await
}

pub async fn unlock_post(app: &App, req: Request) -> Result<Response<Body>> {
    lock(app, req, LockAction::Unlock).await
}

async fn lock(app: &App, req: Request, action: LockAction) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id: PostId = id_param(&req, "post_id")?;
    moderation::set_locked(app, &me, &post_id, action).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonRequest {
    reason: String,
}

pub async fn remove_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReasonRequest = json_body(&req)?;
    moderation::remove_post(
        app,
        &me,
        &id_param::<PostId>(&req, "post_id")?,
        &body.reason,
    )
    .await?;
    no_content()
}

pub async fn remove_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReasonRequest = json_body(&req)?;
    moderation::remove_comment(
        app,
        &me,
        &id_param::<CommentId>(&req, "comment_id")?,
        &body.reason,
    )
    .await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportRequest {
    /// `post:<id>`, `comment:<id>` or `user:<username>`.
    target: String,
    reason: String,
}

#[derive(Serialize)]
struct ReportView {
    id: String,
    target: String,
    community_id: Option<String>,
    reason: String,
    status: ReportStatus,
    resolution: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl ReportView {
    fn new(report: Report) -> Result<Self> {
        Ok(Self {
            id: report.id,
            target: report.target,
            community_id: report.community_id,
            reason: report.reason,
            status: report.status,
            resolution: report.resolution,
            created_at: from_millis(report.created_at),
        })
    }
}

pub async fn file_report(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReportRequest = json_body(&req)?;
    throttle::limit(
        app,
        &[
            Bucket::new(
                "reports-client",
                &client_ip(&req),
                throttle::REPORTS_PER_CLIENT,
            ),
            Bucket::new("reports-account", &me, throttle::REPORTS_PER_ACCOUNT),
        ],
    )
    .await?;
    let bad_target = || {
        Error::validation(
            "target",
            "must be post:<id>, comment:<id> or user:<username>",
        )
    };
    let (kind, id) = body.target.split_once(':').ok_or_else(bad_target)?;
    let ulid = |id: &str| {
        ulid::Ulid::from_string(id)
            .map(|u| u.to_string())
            .map_err(|_| bad_target())
    };
    let reported = match kind {
        "post" => Reported::Post(ulid(id)?),
        "comment" => Reported::Comment(ulid(id)?),
        "user" => Reported::User(id.to_owned()),
        _ => return Err(bad_target()),
    };
    let report = reports::file(app, &me, reported, &body.reason).await?;
    let location = format!("/v1/reports/{}", report.id);
    created(&location, &ReportView::new(report)?)
}

fn status(req: &Request) -> Result<ReportStatus> {
    match req
        .query_string_parameters_ref()
        .and_then(|q| q.first("status"))
    {
        None | Some("open") => Ok(ReportStatus::Open),
        Some("resolved") => Ok(ReportStatus::Resolved),
        Some(_) => Err(Error::BadRequest("status must be open or resolved".into())),
    }
}

async fn report_queue(
    app: &App,
    req: Request,
    community: Option<String>,
) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let status = status(&req)?;
    let scope = Scope::Reports {
        queue: community.as_deref().unwrap_or("site").to_owned(),
        status: status.name(),
    };
    let (limit, after) = page_request(app, &req, &scope)?;
    let (rows, next) = reports::queue(app, &me, community.as_deref(), status, limit, after).await?;
    let items = rows
        .into_iter()
        .map(ReportView::new)
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

pub async fn list_site_reports(app: &App, req: Request) -> Result<Response<Body>> {
    report_queue(app, req, None).await
}

pub async fn list_community_reports(app: &App, req: Request) -> Result<Response<Body>> {
    let community = name(&req)?;
    report_queue(app, req, Some(community)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveRequest {
    resolution: String,
}

pub async fn resolve_report(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ResolveRequest = json_body(&req)?;
    let report = reports::resolve(
        app,
        &me,
        &id_param::<ReportId>(&req, "report_id")?,
        &body.resolution,
    )
    .await?;
    json(StatusCode::OK, &ReportView::new(report)?)
}
