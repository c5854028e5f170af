//! Votes over HTTP: up and down votes on community posts and their comments.

use crate::engagement::model::Target;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::id_param;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::idempotency;
use crate::platform::ids::{CommentId, PostId};
use crate::votes::service as votes;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteRequest {
    value: i8,
}

async fn vote(app: &App, req: Request, target: Target) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let key = idempotency::key_of(&req)?;
    let body: VoteRequest = json_body(&req)?;
    let replayed = votes::vote(app, &me, &target, body.value, key.as_deref()).await?;
    let mut response = no_content()?;
    if replayed {
        idempotency::mark_replayed(&mut response);
    }
    Ok(response)
}

pub async fn vote_on_post(app: &App, req: Request) -> Result<Response<Body>> {
    let target = Target::Post(id_param::<PostId>(&req, "post_id")?);
    vote(app, req, target).await
}

pub async fn vote_on_comment(app: &App, req: Request) -> Result<Response<Body>> {
    let target = Target::Comment(id_param::<CommentId>(&req, "comment_id")?);
    vote(app, req, target).await
}
