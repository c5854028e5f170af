//! Analytics routes: clients report the posts they showed; authors read
//! their posts' numbers.

use crate::analytics::service;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::{authenticate, id_param, json, json_body};
use crate::platform::ids::PostId;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewsRequest {
    post_ids: Vec<String>,
}

/// `POST /v1/analytics/views`: 202, counted later (or, for viewers outside
/// the sample, not at all).
pub async fn report_views(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: ViewsRequest = json_body(&req)?;
    let accepted = service::report_views(app, &me, body.post_ids).await?;
    json(StatusCode::ACCEPTED, &json!({ "accepted": accepted }))
}

/// `GET /v1/posts/{post_id}/analytics`: the author's view of one post.
pub async fn get_post_analytics(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id: PostId = id_param(&req, "post_id")?;
    json(
        StatusCode::OK,
        &service::post_analytics(app, &me, &post_id).await?,
    )
}

/// `GET /v1/me/analytics`: my totals over all my posts.
pub async fn get_my_analytics(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    json(StatusCode::OK, &service::my_analytics(app, &me).await?)
}
