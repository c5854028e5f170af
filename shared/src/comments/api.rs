//! Comments: `/v1/posts/{post_id}/comments` and `/v1/comments/{comment_id}`.

use crate::accounts::views::AuthorView;
use crate::comments::model::MAX_DEPTH;
use crate::comments::service as comments;
use crate::comments::service::Shown;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::created;
use crate::platform::http::id_param;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::ids::{CommentId, PostId};
use crate::posts::counts::ReactionKind;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateCommentRequest {
    text: String,
    parent_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditCommentRequest {
    text: String,
}

/// A comment as clients see it; a withheld one (deleted, or by an account
/// blocked either way) keeps its place without author or text.
#[derive(Serialize)]
pub struct CommentView {
    id: String,
    post_id: String,
    parent_id: Option<String>,
    depth: usize,
    author: Option<AuthorView>,
    text: Option<String>,
    deleted: bool,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    edited_at: Option<OffsetDateTime>,
    reactions: BTreeMap<ReactionKind, u64>,
    /// Votes, on comments of community posts.
    ups: u64,
    downs: u64,
    score: i64,
}

impl From<Shown> for CommentView {
    fn from(Shown { comment, author }: Shown) -> Self {
        let text = comment.text.filter(|_| author.is_some());
        Self {
            id: comment.id,
            post_id: comment.post_id,
            parent_id: comment.parent_id,
            depth: comment.depth,
            author: author.map(Into::into),
            text,
            deleted: comment.deleted,
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            reactions: comment.reactions.by_kind(),
            ups: comment.votes.ups,
            downs: comment.votes.downs,
            score: comment.votes.score,
        }
    }
}

pub async fn create_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id = id_param::<PostId>(&req, "post_id")?;
    let body: CreateCommentRequest = json_body(&req)?;
    if let Some(parent) = &body.parent_id {
        ulid::Ulid::from_string(parent)
            .map_err(|_| Error::validation("parent_id", "must be a comment id (ULID)"))?;
    }
    let comment =
        comments::create(app, &me, &post_id, &body.text, body.parent_id.as_deref()).await?;
    let location = format!("/v1/comments/{}", comment.id);
    created(
        &location,
        &CommentView::from(comments::show(app, Some(&me), comment).await?),
    )
}

/// `?depth=` (1 to 10, default 10) limits how deep the thread is read.
pub async fn list_comments(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let post_id = id_param::<PostId>(&req, "post_id")?;
    let scope = Scope::Comments(post_id.to_string());
    let (limit, after) = page_request(app, &req, &scope)?;
    let depth = match req
        .query_string_parameters_ref()
        .and_then(|q| q.first("depth"))
    {
        None => MAX_DEPTH,
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|d| (1..=MAX_DEPTH).contains(d))
            .ok_or_else(|| {
                Error::BadRequest(format!("depth must be an integer from 1 to {MAX_DEPTH}"))
            })?,
    };
    let thread = comments::thread(app, viewer.as_deref(), &post_id, depth, limit, after).await?;
    let items: Vec<CommentView> = thread.comments.into_iter().map(Into::into).collect();
    page(app, &scope, items, thread.next)
}

pub async fn get_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let comment = comments::visible_comment(
        app,
        viewer.as_deref(),
        &id_param::<CommentId>(&req, "comment_id")?,
    )
    .await?;
    let shown = comments::show(app, viewer.as_deref(), comment).await?;
    json(StatusCode::OK, &CommentView::from(shown))
}

pub async fn edit_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: EditCommentRequest = json_body(&req)?;
    let comment = comments::edit(
        app,
        &me,
        &id_param::<CommentId>(&req, "comment_id")?,
        &body.text,
    )
    .await?;
    let shown = comments::show(app, Some(&me), comment).await?;
    json(StatusCode::OK, &CommentView::from(shown))
}

pub async fn delete_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    comments::delete(app, &me, &id_param::<CommentId>(&req, "comment_id")?).await?;
    no_content()
}

pub async fn get_comment_history(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let versions = comments::history(
        app,
        viewer.as_deref(),
        &id_param::<CommentId>(&req, "comment_id")?,
    )
    .await?;
    json(StatusCode::OK, &serde_json::json!({ "versions": versions }))
}
