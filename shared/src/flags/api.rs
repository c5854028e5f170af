//! Flag routes: my evaluated flags, and the admins' list, change, audit and
//! per-variant metrics.

use crate::flags::model::Rules;
use crate::flags::service;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::{Error, Result};
use crate::platform::http::{authenticate, json, json_body, page, page_request, path_param};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde_json::json;

/// `GET /v1/me/flags`: every flag as it is for me.
pub async fn get_my_flags(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    json(
        StatusCode::OK,
        &json!({ "flags": service::mine(app, &me).await? }),
    )
}

/// `GET /v1/admin/flags`.
pub async fn list_flags(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    json(
        StatusCode::OK,
        &json!({ "items": service::list(app, &me).await? }),
    )
}

/// `PUT /v1/admin/flags/{key}`: creates or replaces the flag's rules.
pub async fn put_flag(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let rules: Rules = json_body(&req)?;
    let key = path_param(&req, "key")?;
    json(StatusCode::OK, &service::put(app, &me, &key, rules).await?)
}

/// `GET /v1/admin/flags/{key}/metrics?days=7`: an experiment's activity per
/// variant (exposed accounts, posts and reactions, per exposed account).
pub async fn get_flag_metrics(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let key = path_param(&req, "key")?;
    let days = match req
        .query_string_parameters_ref()
        .and_then(|q| q.first("days"))
    {
        None => 7,
        Some(raw) => raw
            .parse()
            .map_err(|_| Error::BadRequest("days must be a whole number".into()))?,
    };
    let variants = service::variant_metrics(app, &me, &key, days).await?;
    json(
        StatusCode::OK,
        &json!({ "days": days, "variants": variants }),
    )
}

/// `GET /v1/admin/flags/{key}/audit`: its changes, newest first.
pub async fn get_flag_audit(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let key = path_param(&req, "key")?;
    let scope = Scope::FlagAudit(key.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let (entries, next) = service::audit(app, &me, &key, limit, after).await?;
    page(app, &scope, entries, next)
}
