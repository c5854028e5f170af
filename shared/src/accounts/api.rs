//! `/v1/auth/*`: registration, sign-in, tokens, email verification, password reset.

use crate::accounts::model::email_key;
use crate::accounts::service as accounts;
use crate::accounts::service::Tokens;
use crate::accounts::views::MeView;
use crate::platform::context::App;
use crate::platform::crypto::ACCESS_TOKEN_TTL_SECS;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::client_ip;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::throttle;
use crate::platform::throttle::Bucket;
use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub username: String,
    pub email: String,
    pub password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username_or_email: String,
    pub password: String,
}

/// Body of refresh and logout.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshTokenRequest {
    pub refresh_token: String,
}

/// Body of verify-email.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub new_password: String,
}

/// OAuth-style token response.
#[derive(Serialize)]
pub struct TokenResponse {
    pub user_id: String,
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_token_expires_in: i64,
}

impl From<Tokens> for TokenResponse {
    fn from(t: Tokens) -> Self {
        Self {
            user_id: t.user_id,
            access_token: t.access_token,
            token_type: "Bearer",
            expires_in: ACCESS_TOKEN_TTL_SECS,
            refresh_token: t.refresh_token,
            refresh_token_expires_in: t.refresh_token_expires_in,
        }
    }
}

pub async fn register(app: &App, req: Request) -> Result<Response<Body>> {
    let body: RegisterRequest = json_body(&req)?;
    let client = client_ip(&req);
    throttle::limit(
        app,
        &[Bucket::new(
            "register-client",
            &client,
            throttle::REGISTER_PER_CLIENT,
        )],
    )
    .await?;
    let user = accounts::register(app, &body.username, &body.email, &body.password).await?;
    let mut response = json(StatusCode::CREATED, &MeView::of(app, user).await?)?;
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/v1/me"));
    Ok(response)
}

pub async fn login(app: &App, req: Request) -> Result<Response<Body>> {
    let body: LoginRequest = json_body(&req)?;
    let tokens = accounts::login(
        app,
        &body.username_or_email,
        &body.password,
        &client_ip(&req),
    )
    .await?;
    json(StatusCode::OK, &TokenResponse::from(tokens))
}

pub async fn refresh(app: &App, req: Request) -> Result<Response<Body>> {
    let body: RefreshTokenRequest = json_body(&req)?;
    let tokens = accounts::refresh(app, &body.refresh_token).await?;
    json(StatusCode::OK, &TokenResponse::from(tokens))
}

pub async fn logout(app: &App, req: Request) -> Result<Response<Body>> {
    let body: RefreshTokenRequest = json_body(&req)?;
    accounts::logout(app, &body.refresh_token).await?;
    no_content()
}

pub async fn verify_email(app: &App, req: Request) -> Result<Response<Body>> {
    let body: TokenRequest = json_body(&req)?;
    accounts::verify_email(app, &body.token).await?;
    no_content()
}

pub async fn resend_verification(app: &App, req: Request) -> Result<Response<Body>> {
    let claims = authenticate(app, &req)?;
    let user = accounts::current_user(app, &claims.sub).await?;
    throttle::limit(app, &email_buckets(&req, &user.email)).await?;
    accounts::resend_verification(app, &user).await?;
    json(
        StatusCode::ACCEPTED,
        &json!({ "message": "a new verification link has been sent" }),
    )
}

/// Emails sent on request: per client address and per address mailed.
fn email_buckets(req: &Request, email: &str) -> [Bucket; 2] {
    [
        Bucket::new("email-client", &client_ip(req), throttle::EMAIL_PER_CLIENT),
        Bucket::new("email-to", &email_key(email), throttle::EMAIL_PER_ACCOUNT),
    ]
}

pub async fn forgot_password(app: &App, req: Request) -> Result<Response<Body>> {
    let body: ForgotPasswordRequest = json_body(&req)?;
    throttle::limit(app, &email_buckets(&req, &body.email)).await?;
    accounts::forgot_password(app, &body.email).await?;
    json(
        StatusCode::ACCEPTED,
        &json!({ "message": "if an account uses this address, a reset link has been sent to it" }),
    )
}

pub async fn reset_password(app: &App, req: Request) -> Result<Response<Body>> {
    let body: ResetPasswordRequest = json_body(&req)?;
    accounts::reset_password(app, &body.token, &body.new_password).await?;
    no_content()
}
