//! Communities: `/v1/communities/...`, moderation of community posts and
//! comments, votes, and reports.

use crate::accounts::user::User;
use crate::communities::model::Ban;
use crate::communities::model::Community;
use crate::communities::model::CommunitySort;
use crate::communities::model::CommunityVisibility;
use crate::communities::model::Role;
use crate::communities::model::Window;
use crate::communities::model::period;
use crate::communities::service as communities;
use crate::communities::service::Joined;
use crate::communities::service::NewCommunity;
use crate::communities::store::CommunityList;
use crate::communities::store::JoinRequest;
use crate::communities::store::ModLogEntry;
use crate::engagement::model::Target;
use crate::moderation::report_store::Report;
use crate::moderation::report_store::ReportStatus;
use crate::moderation::reports;
use crate::moderation::reports::Reported;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::created;
use crate::platform::http::from_ms;
use crate::platform::http::id_param;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::http::path_param;
use crate::posts::api::AuthorView;
use crate::posts::api::post_page;
use crate::votes::service as votes;
use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateCommunityRequest {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    visibility: CommunityVisibility,
}

#[derive(Serialize)]
struct CommunityView {
    id: String,
    name: String,
    description: String,
    rules: Vec<String>,
    visibility: CommunityVisibility,
    owner_id: String,
    members_count: u64,
    pinned: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// The caller's role, if a member.
    role: Option<Role>,
}

impl CommunityView {
    fn new(community: Community, role: Option<Role>) -> Self {
        Self {
            id: community.id,
            name: community.name,
            description: community.description,
            rules: community.rules,
            visibility: community.visibility,
            owner_id: community.owner_id,
            members_count: community.members_count,
            pinned: community.pinned,
            created_at: community.created_at,
            role,
        }
    }
}

fn name(req: &Request) -> Result<String> {
    path_param(req, "name")
}

fn username(req: &Request) -> Result<String> {
    path_param(req, "username")
}

pub async fn create_community(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: CreateCommunityRequest = json_body(&req)?;
    let new = NewCommunity {
        name: body.name,
        description: body.description,
        rules: body.rules,
        visibility: body.visibility,
    };
    let community = communities::create(app, &me, new).await?;
    let location = format!("/v1/communities/{}", community.name);
    created(&location, &CommunityView::new(community, Some(Role::Owner)))
}

pub async fn get_community(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let seen = communities::seen(app, viewer.as_deref(), &name(&req)?).await?;
    json(
        StatusCode::OK,
        &CommunityView::new(seen.community, seen.standing.role),
    )
}

/// 200 when a member, 202 when the request waits for the moderators.
pub async fn join_community(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let (status, state) = match communities::join(app, &me, &name(&req)?).await? {
        Joined::Member => (StatusCode::OK, "member"),
        Joined::Requested => (StatusCode::ACCEPTED, "requested"),
    };
    json(status, &serde_json::json!({ "state": state }))
}

pub async fn leave_community(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::leave(app, &me, &name(&req)?).await?;
    no_content()
}

#[derive(Serialize)]
struct MemberView {
    user: AuthorView,
    role: Option<Role>,
    #[serde(with = "time::serde::rfc3339")]
    since: OffsetDateTime,
}

async fn member_list<T, F>(
    app: &App,
    req: &Request,
    list: CommunityList,
    user_of: F,
    view: impl Fn(&T, User) -> Result<MemberView>,
) -> Result<Response<Body>>
where
    T: serde::de::DeserializeOwned,
    F: Fn(&T) -> &str,
{
    let viewer = authenticate_optional(app, req)?.map(|c| c.sub);
    let name = name(req)?;
    let scope = format!("community-list:{name}:{list:?}");
    let (limit, after) = page_request(app, req, &scope)?;
    let (rows, next) =
        communities::list(app, viewer.as_deref(), &name, list, limit, after, user_of).await?;
    let items = rows
        .into_iter()
        .map(|(item, user)| view(&item, user))
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

pub async fn list_community_members(app: &App, req: Request) -> Result<Response<Body>> {
    member_list(
        app,
        &req,
        CommunityList::Members,
        |m: &crate::communities::model::Membership| m.user_id.as_str(),
        |m, user| {
            Ok(MemberView {
                user: user.into(),
                role: Some(m.role),
                since: from_ms(m.joined_at)?,
            })
        },
    )
    .await
}

pub async fn list_join_requests(app: &App, req: Request) -> Result<Response<Body>> {
    member_list(
        app,
        &req,
        CommunityList::JoinRequests,
        |r: &JoinRequest| r.user_id.as_str(),
        |r, user| {
            Ok(MemberView {
                user: user.into(),
                role: None,
                since: from_ms(r.created_at)?,
            })
        },
    )
    .await
}

#[derive(Serialize)]
struct BanView {
    user: AuthorView,
    reason: String,
    banned_by: String,
    #[serde(with = "time::serde::rfc3339")]
    since: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    until: Option<OffsetDateTime>,
}

pub async fn list_bans(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let name = name(&req)?;
    let scope = format!("community-list:{name}:bans");
    let (limit, after) = page_request(app, &req, &scope)?;
    let (rows, next) = communities::list(
        app,
        Some(&me),
        &name,
        CommunityList::Bans,
        limit,
        after,
        |b: &Ban| b.user_id.as_str(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|(ban, user)| {
            Ok(BanView {
                user: user.into(),
                reason: ban.reason,
                banned_by: ban.banned_by,
                since: from_ms(ban.created_at)?,
                until: ban.until.map(from_ms).transpose()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

pub async fn list_my_communities(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let scope = format!("communities:{me}");
    let (limit, after) = page_request(app, &req, &scope)?;
    let (rows, next) = communities::mine(app, &me, limit, after).await?;
    let items: Vec<_> = rows
        .into_iter()
        .map(|(community, role)| CommunityView::new(community, Some(role)))
        .collect();
    page(app, &scope, items, next)
}

pub async fn approve_join_request(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::settle_request(app, &me, &name(&req)?, &username(&req)?, true).await?;
    no_content()
}

pub async fn reject_join_request(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::settle_request(app, &me, &name(&req)?, &username(&req)?, false).await?;
    no_content()
}

pub async fn add_moderator(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_moderator(app, &me, &name(&req)?, &username(&req)?, true).await?;
    no_content()
}

pub async fn remove_moderator(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_moderator(app, &me, &name(&req)?, &username(&req)?, false).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransferRequest {
    username: String,
}

pub async fn transfer_ownership(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: TransferRequest = json_body(&req)?;
    communities::transfer(app, &me, &name(&req)?, &body.username).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BanRequest {
    reason: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    until: Option<OffsetDateTime>,
}

pub async fn ban_member(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: BanRequest = json_body(&req)?;
    let until = body
        .until
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64);
    communities::ban(
        app,
        &me,
        &name(&req)?,
        &username(&req)?,
        &body.reason,
        until,
    )
    .await?;
    no_content()
}

pub async fn unban_member(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::unban(app, &me, &name(&req)?, &username(&req)?).await?;
    no_content()
}

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
            at: from_ms(entry.created_at)?,
        })
    }
}

pub async fn get_mod_log(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let name = name(&req)?;
    let scope = format!("modlog:{name}");
    let (limit, after) = page_request(app, &req, &scope)?;
    let (entries, next) = communities::mod_log(app, viewer.as_deref(), &name, limit, after).await?;
    let items = entries
        .into_iter()
        .map(ModLogView::new)
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunityPostRequest {
    title: String,
    text: String,
}

pub async fn create_community_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: CommunityPostRequest = json_body(&req)?;
    let post = communities::create_post(app, &me, &name(&req)?, &body.title, &body.text).await?;
    let location = format!("/v1/posts/{}", post.id);
    created(
        &location,
        &crate::posts::api::view(app, Some(&me), post).await?,
    )
}

/// `?sort=hot|new|top|controversial` (default hot); for top,
/// `&t=day|week|month|all` (default day: today's posts, UTC).
fn sort(req: &Request) -> Result<CommunitySort> {
    let query = req.query_string_parameters_ref();
    let param = |name| query.and_then(|q| q.first(name));
    let window = match param("t") {
        None | Some("day") => Window::Day,
        Some("week") => Window::Week,
        Some("month") => Window::Month,
        Some("all") => Window::All,
        Some(_) => {
            return Err(Error::BadRequest(
                "t must be day, week, month or all".into(),
            ));
        }
    };
    Ok(match param("sort") {
        None | Some("hot") => CommunitySort::Hot,
        Some("new") => CommunitySort::New,
        Some("controversial") => CommunitySort::Controversial,
        Some("top") => CommunitySort::Top(
            period(window, OffsetDateTime::now_utc()).map(|period| (window, period)),
        ),
        Some(_) => {
            return Err(Error::BadRequest(
                "sort must be hot, new, top or controversial".into(),
            ));
        }
    })
}

pub async fn list_community_posts(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let name = name(&req)?;
    let sort = sort(&req)?;
    let scope = format!("community-posts:{name}:{sort:?}");
    let (limit, after) = page_request(app, &req, &scope)?;
    let result = communities::posts(app, viewer.as_deref(), &name, sort, limit, after).await?;
    post_page(app, &scope, result).await
}

pub async fn pin_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_pinned(app, &me, &name(&req)?, &id_param(&req, "post_id")?, true).await?;
    no_content()
}

pub async fn unpin_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_pinned(app, &me, &name(&req)?, &id_param(&req, "post_id")?, false).await?;
    no_content()
}

pub async fn lock_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_locked(app, &me, &id_param(&req, "post_id")?, true).await?;
    no_content()
}

pub async fn unlock_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    communities::set_locked(app, &me, &id_param(&req, "post_id")?, false).await?;
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
    communities::remove_post(app, &me, &id_param(&req, "post_id")?, &body.reason).await?;
    no_content()
}

pub async fn remove_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReasonRequest = json_body(&req)?;
    communities::remove_comment(app, &me, &id_param(&req, "comment_id")?, &body.reason).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteRequest {
    value: i8,
}

async fn vote(app: &App, req: Request, target: Target) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let key = crate::posts::api::idempotency_key(&req)?;
    let body: VoteRequest = json_body(&req)?;
    let replayed = votes::vote(app, &me, &target, body.value, key.as_deref()).await?;
    let mut response = no_content()?;
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

pub async fn vote_on_post(app: &App, req: Request) -> Result<Response<Body>> {
    let target = Target::Post(id_param(&req, "post_id")?);
    vote(app, req, target).await
}

pub async fn vote_on_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let target = Target::Comment(id_param(&req, "comment_id")?);
    vote(app, req, target).await
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
            created_at: from_ms(report.created_at)?,
        })
    }
}

pub async fn file_report(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReportRequest = json_body(&req)?;
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
    let scope = format!(
        "reports:{}:{}",
        community.as_deref().unwrap_or("site"),
        status.name()
    );
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
    let report =
        reports::resolve(app, &me, &id_param(&req, "report_id")?, &body.resolution).await?;
    json(StatusCode::OK, &ReportView::new(report)?)
}
