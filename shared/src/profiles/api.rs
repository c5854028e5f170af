//! `/v1/me` and `/v1/users/{username}`.

use crate::accounts::service as accounts;
use crate::accounts::views::{MeView, ProfileView};
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::path_param;
use crate::profiles::model::ProfilePatch;
use crate::profiles::service as profiles;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteMeRequest {
    pub password: String,
}

pub async fn get_me(app: &App, req: Request) -> Result<Response<Body>> {
    let claims = authenticate(app, &req)?;
    let user = accounts::current_user(app, &claims.sub).await?;
    json(StatusCode::OK, &MeView::of(app, user).await?)
}

pub async fn update_me(app: &App, req: Request) -> Result<Response<Body>> {
    let claims = authenticate(app, &req)?;
    let patch: ProfilePatch = json_body(&req)?;
    let user = profiles::update_me(app, &claims.sub, patch).await?;
    json(StatusCode::OK, &MeView::of(app, user).await?)
}

pub async fn delete_me(app: &App, req: Request) -> Result<Response<Body>> {
    let claims = authenticate(app, &req)?;
    let body: DeleteMeRequest = json_body(&req)?;
    profiles::delete_me(app, &claims.sub, &body.password).await?;
    no_content()
}

pub async fn get_user(app: &App, req: Request) -> Result<Response<Body>> {
    let user = profiles::profile(app, &path_param(&req, "username")?).await?;
    json(StatusCode::OK, &ProfileView::of(app, user).await?)
}
