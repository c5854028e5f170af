//! Follow graph routes: follow, unfollow, follower/following lists, follow
//! requests of private accounts, blocks and mutes.

use crate::graph::model::List;
use crate::graph::model::RelationKind;
use crate::graph::service as graph;
use crate::platform::clock::from_millis;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Result;
use crate::platform::error::{Denied, Error};
use crate::platform::http::authenticate;
use crate::platform::http::json;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::http::path_param;
use crate::profiles::service as profiles;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;

/// An account as a list member, with when it joined the list.
#[derive(Serialize)]
pub struct Member {
    pub id: String,
    pub username: String,
    pub display_name: Option<String>,
    pub private: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

/// Caller id and the `{username}` path parameter.
fn caller_and_target(app: &App, req: &Request) -> Result<(String, String)> {
    Ok((authenticate(app, req)?.sub, path_param(req, "username")?))
}

pub async fn follow_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    let state = graph::follow(app, &me, &username).await?;
    json(StatusCode::OK, &json!({ "state": state }))
}

pub async fn unfollow_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::unfollow(app, &me, &username).await?;
    no_content()
}

pub async fn accept_follow_request(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::accept_request(app, &me, &username).await?;
    no_content()
}

pub async fn reject_follow_request(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::reject_request(app, &me, &username).await?;
    no_content()
}

pub async fn block_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::block(app, &me, &username).await?;
    no_content()
}

pub async fn unblock_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::remove(app, &me, &username, RelationKind::Blocks).await?;
    no_content()
}

pub async fn mute_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::add(app, &me, &username, RelationKind::Mutes).await?;
    no_content()
}

pub async fn unmute_user(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    graph::remove(app, &me, &username, RelationKind::Mutes).await?;
    no_content()
}

pub async fn list_followers(app: &App, req: Request) -> Result<Response<Body>> {
    user_list(app, req, List::Followers).await
}

pub async fn list_following(app: &App, req: Request) -> Result<Response<Body>> {
    user_list(app, req, List::Following).await
}

pub async fn list_follow_requests(app: &App, req: Request) -> Result<Response<Body>> {
    my_list(app, req, List::FollowRequests).await
}

pub async fn list_blocks(app: &App, req: Request) -> Result<Response<Body>> {
    my_list(app, req, List::Blocks).await
}

pub async fn list_mutes(app: &App, req: Request) -> Result<Response<Body>> {
    my_list(app, req, List::Mutes).await
}

/// Someone's followers or following, if the caller may see them.
async fn user_list(app: &App, req: Request, list: List) -> Result<Response<Body>> {
    let (me, username) = caller_and_target(app, &req)?;
    let owner = profiles::profile(app, &username).await?;
    if !graph::can_see_lists(app, &me, &owner).await? {
        return Err(Error::denied(
            Denied::FollowersOnly,
            format!(
                "@{} shares its connections only with followers",
                owner.username
            ),
        ));
    }
    list_page(app, &req, list, &owner.id).await
}

/// One of the caller's own lists.
async fn my_list(app: &App, req: Request, list: List) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    list_page(app, &req, list, &me).await
}

async fn list_page(app: &App, req: &Request, list: List, owner: &str) -> Result<Response<Body>> {
    let scope = Scope::Graph {
        list: list.name(),
        owner: owner.to_owned(),
    };
    let (limit, after) = page_request(app, req, &scope)?;
    let result = graph::page(app, list, owner, limit, after).await?;
    let members = result
        .members
        .into_iter()
        .map(|(user, since_ms)| Member {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            private: user.private,
            since: from_millis(since_ms),
        })
        .collect();
    page(app, &scope, members, result.next)
}
