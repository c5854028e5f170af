//! `/v1/me` and `/v1/users/{username}`.

use crate::accounts::service as accounts;
use crate::accounts::user::User;
use crate::media::api::AttachmentView;
use crate::media::api::Links;
use crate::media::api::attachment_links;
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
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What anyone may see of an account.
#[derive(Serialize)]
pub struct ProfileView {
    pub id: String,
    pub username: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub private: bool,
    pub followers_count: u64,
    pub following_count: u64,
    pub posts_count: u64,
    pub avatar: Option<AttachmentView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What the owner sees: the public view plus private settings.
#[derive(Serialize)]
pub struct MeView {
    #[serde(flatten)]
    pub profile: ProfileView,
    pub email: String,
    pub email_verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ProfileView {
    pub fn new(u: User, links: &Links) -> Self {
        Self {
            avatar: u.avatar.as_ref().map(|a| AttachmentView::new(a, links)),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            bio: u.bio,
            website: u.website,
            location: u.location,
            private: u.private,
            followers_count: u.followers_count,
            following_count: u.following_count,
            posts_count: u.posts_count,
            created_at: u.created_at,
        }
    }

    /// The profile with its avatar's links.
    pub async fn of(app: &App, user: User) -> Result<Self> {
        let links = attachment_links(app, user.avatar.iter()).await?;
        Ok(Self::new(user, &links))
    }
}

impl MeView {
    pub async fn of(app: &App, u: User) -> Result<Self> {
        let (email, email_verified, updated_at) = (u.email.clone(), u.email_verified, u.updated_at);
        Ok(Self {
            profile: ProfileView::of(app, u).await?,
            email,
            email_verified,
            updated_at,
        })
    }
}

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
