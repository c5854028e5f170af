//! Reactions on posts and comments, and bookmarks.

use crate::accounts::views::AuthorView;
use crate::engagement::bookmarks;
use crate::engagement::model::Target;
use crate::engagement::service as reactions;
use crate::platform::clock::from_millis;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::id_param;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::ids::{CommentId, PostId};
use crate::posts::api::post_page;
use crate::posts::counts::ReactionKind;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReactRequest {
    kind: String,
}

#[derive(Serialize)]
struct ReactionView {
    user: AuthorView,
    kind: ReactionKind,
    #[serde(with = "time::serde::rfc3339")]
    reacted_at: OffsetDateTime,
}

fn post(req: &Request) -> Result<Target> {
    Ok(Target::Post(id_param::<PostId>(req, "post_id")?))
}

fn comment(req: &Request) -> Result<Target> {
    Ok(Target::Comment(id_param::<CommentId>(req, "comment_id")?))
}

async fn react(app: &App, req: Request, target: Target) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ReactRequest = json_body(&req)?;
    let kind = ReactionKind::parse(&body.kind).ok_or_else(|| {
        let names: Vec<&str> = ReactionKind::ALL.iter().map(|k| k.name()).collect();
        Error::validation("kind", format!("must be one of {}", names.join(", ")))
    })?;
    reactions::react(app, &me, &target, kind).await?;
    no_content()
}

async fn unreact(app: &App, req: Request, target: Target) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    reactions::unreact(app, &me, &target).await?;
    no_content()
}

async fn list(app: &App, req: Request, target: Target) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let scope = Scope::Reactions(target.tag());
    let (limit, after) = page_request(app, &req, &scope)?;
    let (shown, next) = reactions::list(app, viewer.as_deref(), &target, limit, after).await?;
    let items = shown
        .into_iter()
        .map(|(reaction, user)| {
            Ok(ReactionView {
                user: user.into(),
                kind: reaction.kind,
                reacted_at: from_millis(reaction.created_at),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    page(app, &scope, items, next)
}

pub async fn react_to_post(app: &App, req: Request) -> Result<Response<Body>> {
    let target = post(&req)?;
    react(app, req, target).await
}

pub async fn remove_post_reaction(app: &App, req: Request) -> Result<Response<Body>> {
    let target = post(&req)?;
    unreact(app, req, target).await
}

pub async fn list_post_reactions(app: &App, req: Request) -> Result<Response<Body>> {
    let target = post(&req)?;
    list(app, req, target).await
}

pub async fn react_to_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let target = comment(&req)?;
    react(app, req, target).await
}

pub async fn remove_comment_reaction(app: &App, req: Request) -> Result<Response<Body>> {
    let target = comment(&req)?;
    unreact(app, req, target).await
}

pub async fn list_comment_reactions(app: &App, req: Request) -> Result<Response<Body>> {
    let target = comment(&req)?;
    list(app, req, target).await
}

pub async fn bookmark_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    bookmarks::add(app, &me, &id_param::<PostId>(&req, "post_id")?).await?;
    no_content()
}

pub async fn unbookmark_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    bookmarks::remove(app, &me, &id_param::<PostId>(&req, "post_id")?).await?;
    no_content()
}

pub async fn list_bookmarks(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let scope = Scope::Bookmarks(me.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let result = bookmarks::list(app, &me, limit, after).await?;
    post_page(app, &scope, result).await
}
