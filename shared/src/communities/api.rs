//! Communities over HTTP: `/v1/communities/...`, membership, roles and bans.

use crate::accounts::user::User;
use crate::accounts::views::AuthorView;
use crate::communities::model::Ban;
use crate::communities::model::Community;
use crate::communities::model::CommunityVisibility;
use crate::communities::model::Role;
use crate::communities::model::{JoinDecision, RoleChange};
use crate::communities::roles::ban;
use crate::communities::roles::set_moderator;
use crate::communities::roles::settle_request;
use crate::communities::roles::transfer;
use crate::communities::roles::unban;
use crate::communities::service as communities;
use crate::communities::service::Joined;
use crate::communities::service::NewCommunity;
use crate::communities::store::CommunityList;
use crate::communities::store::JoinRequest;
use crate::platform::clock::from_millis;
use crate::platform::clock::millis;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::created;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::http::path_param;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
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

pub(crate) fn name(req: &Request) -> Result<String> {
    path_param(req, "name")
}

pub(crate) fn username(req: &Request) -> Result<String> {
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

/// A page of one of a community's lists of accounts, each shown by `view`.
async fn member_list<T, V, F>(
    app: &App,
    req: &Request,
    list: CommunityList,
    user_of: F,
    view: impl Fn(T, User) -> V,
) -> Result<Response<Body>>
where
    T: serde::de::DeserializeOwned,
    V: Serialize,
    F: Fn(&T) -> &str,
{
    let viewer = authenticate_optional(app, req)?.map(|c| c.sub);
    let name = name(req)?;
    let scope = Scope::CommunityList {
        community: name.to_owned(),
        list: format!("{list:?}"),
    };
    let (limit, after) = page_request(app, req, &scope)?;
    let (rows, next) =
        communities::list(app, viewer.as_deref(), &name, list, limit, after, user_of).await?;
    let items: Vec<V> = rows
        .into_iter()
        .map(|(item, user)| view(item, user))
        .collect();
    page(app, &scope, items, next)
}

pub async fn list_community_members(app: &App, req: Request) -> Result<Response<Body>> {
    member_list(
        app,
        &req,
        CommunityList::Members,
        |m: &crate::communities::model::Membership| m.user_id.as_str(),
        |m, user| MemberView {
            user: user.into(),
            role: Some(m.role),
            since: from_millis(m.joined_at),
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
        |r, user| MemberView {
            user: user.into(),
            role: None,
            since: from_millis(r.created_at),
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
    member_list(
        app,
        &req,
        CommunityList::Bans,
        |b: &Ban| b.user_id.as_str(),
        |ban, user| BanView {
            user: user.into(),
            reason: ban.reason,
            banned_by: ban.banned_by,
            since: from_millis(ban.created_at),
            until: ban.until.map(from_millis),
        },
    )
    .await
}

pub async fn list_my_communities(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let scope = Scope::MyCommunities(me.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let (rows, next) = communities::mine(app, &me, limit, after).await?;
    let items: Vec<_> = rows
        .into_iter()
        .map(|(community, role)| CommunityView::new(community, Some(role)))
        .collect();
    page(app, &scope, items, next)
}

pub async fn approve_join_request(app: &App, req: Request) -> Result<Response<Body>> {
    settle(app, req, JoinDecision::Approve).await
}

pub async fn reject_join_request(app: &App, req: Request) -> Result<Response<Body>> {
    settle(app, req, JoinDecision::Reject).await
}

async fn settle(app: &App, req: Request, decision: JoinDecision) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let (name, username) = (name(&req)?, username(&req)?);
    settle_request(app, &me, &name, &username, decision).await?;
    no_content()
}

pub async fn add_moderator(app: &App, req: Request) -> Result<Response<Body>> {
    change_role(app, req, RoleChange::Appoint).await
}

pub async fn remove_moderator(app: &App, req: Request) -> Result<Response<Body>> {
    change_role(app, req, RoleChange::Dismiss).await
}

async fn change_role(app: &App, req: Request, change: RoleChange) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let (name, username) = (name(&req)?, username(&req)?);
    set_moderator(app, &me, &name, &username, change).await?;
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
    transfer(app, &me, &name(&req)?, &body.username).await?;
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
    let until = body.until.map(millis);
    ban(
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
    unban(app, &me, &name(&req)?, &username(&req)?).await?;
    no_content()
}
