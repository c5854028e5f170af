//! The HTTP edge: parsing and authenticating requests, and turning results
//! into JSON or `application/problem+json` (RFC 9457) responses.

use crate::platform::context::App;
use crate::platform::crypto::Claims;
use crate::platform::cursor::DEFAULT_LIMIT;
use crate::platform::cursor::MAX_LIMIT;
use crate::platform::cursor::Position;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::error::chain;
use crate::platform::ids::Id;
use crate::platform::metrics::{self, Unit};
use crate::platform::routes::Route;
use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// Request bodies are small JSON documents; anything larger is refused.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Parses a JSON body strictly: right content type, bounded size, no unknown fields.
pub fn json_body<T: DeserializeOwned>(req: &Request) -> Result<T> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(Error::UnsupportedMediaType(
            "the request body must be application/json".into(),
        ));
    }
    let body = req.body().as_ref();
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::PayloadTooLarge(format!(
            "the request body must be at most {MAX_BODY_BYTES} bytes"
        )));
    }
    if body.is_empty() {
        return Err(Error::BadRequest("a JSON request body is required".into()));
    }
    // Every body is an object; serde would also take a struct as an array.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Error::BadRequest(
            "the request body must be a JSON object".into(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        let what = if e.is_data() {
            "invalid request body"
        } else {
            "malformed JSON"
        };
        Error::BadRequest(format!("{what}: {e}"))
    })
}

/// Verifies the `Authorization: Bearer` access token.
pub fn authenticate(app: &App, req: &Request) -> Result<Claims> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| Error::Unauthorized("an Authorization: Bearer token is required".into()))?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or_else(|| {
            Error::Unauthorized("the Authorization header must use the Bearer scheme".into())
        })?;
    let claims = app.tokens.verify(token.trim())?;
    tracing::Span::current().record("user_id", claims.sub.as_str());
    Ok(claims)
}

/// Serves one HTTP invocation of `route` inside its span, which carries
/// the function, the route, the authenticated user (recorded by
/// [`authenticate`]; never a token, password or email), the status and the
/// duration, and records the feature's golden signals (`Latency`,
/// `ServerError`: the dashboard's per-feature traffic, errors and latency).
/// The binaries, the local host and the tests all serve through it.
pub async fn serve<F>(app: &App, route: &Route, req: Request, handler: F) -> Response<Body>
where
    F: AsyncFnOnce(Request) -> Result<Response<Body>>,
{
    use tracing::Instrument;
    let function = route.function;
    let span = tracing::info_span!(
        "http",
        function,
        route = req.uri().path(),
        user_id = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let response = respond(handler(req).instrument(span.clone()).await);
    let latency = started.elapsed().as_secs_f64() * 1e3;
    let failed = response.status().is_server_error();
    span.record("status", response.status().as_u16());
    span.record("duration_ms", latency);
    span.in_scope(|| tracing::info!("handled"));
    metrics::emit_by(
        &[("Feature", route.feature())],
        &[
            ("Latency", latency, Unit::Milliseconds),
            ("ServerError", f64::from(u8::from(failed)), Unit::Count),
        ],
    );
    if failed {
        app.store.count_error(function).await;
    }
    response
}

/// The bearer token's claims when one is sent (it must then be valid); None for anonymous callers.
pub fn authenticate_optional(app: &App, req: &Request) -> Result<Option<Claims>> {
    if req.headers().contains_key(header::AUTHORIZATION) {
        authenticate(app, req).map(Some)
    } else {
        Ok(None)
    }
}

/// A path parameter that must be a ULID (ids of posts and other items).
pub fn id_param<T: Id>(req: &Request, name: &str) -> Result<T> {
    let raw = path_param(req, name)?;
    T::parse(&raw).ok_or_else(|| Error::BadRequest(format!("{name} must be {} (a ULID)", T::WHAT)))
}

/// A path parameter as API Gateway passes it.
pub fn path_param(req: &Request, name: &str) -> Result<String> {
    req.path_parameters_ref()
        .and_then(|p| p.first(name))
        .map(str::to_owned)
        .ok_or_else(|| Error::BadRequest(format!("missing path parameter {name}")))
}

/// `?limit=&cursor=` of a list: limit 1..=100 (default 20), cursor opened
/// against the list it must have come from.
pub fn page_request(app: &App, req: &Request, list: &Scope) -> Result<(i32, Option<Position>)> {
    let query = req.query_string_parameters_ref();
    let limit = match query.and_then(|q| q.first("limit")) {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| {
                Error::BadRequest(format!("limit must be an integer from 1 to {MAX_LIMIT}"))
            })?,
    };
    let after = match query.and_then(|q| q.first("cursor")) {
        None => None,
        Some(cursor) => Some(app.cursors.open(list, cursor).ok_or_else(|| {
            Error::BadRequest("the cursor is invalid or belongs to another list".into())
        })?),
    };
    Ok((limit, after))
}

/// A page of items with the cursor of the next page (null on the last).
pub fn page<T: Serialize>(
    app: &App,
    list: &Scope,
    items: Vec<T>,
    next: Option<Position>,
) -> Result<Response<Body>> {
    let next_cursor = next.map(|p| app.cursors.seal(list, &p));
    json(
        StatusCode::OK,
        &json!({ "items": items, "next_cursor": next_cursor }),
    )
}

/// The caller's address as API Gateway saw it.
pub fn client_ip(req: &Request) -> String {
    match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.clone(),
        _ => None,
    }
    .unwrap_or_else(|| "unknown".into())
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response<Body>> {
    let body = serde_json::to_string(value).map_err(|e| Error::internal("encode response", e))?;
    Ok(with_body(status, "application/json", body))
}

/// 201 with the new resource and where it lives.
pub fn created<T: Serialize>(location: &str, value: &T) -> Result<Response<Body>> {
    let mut response = json(StatusCode::CREATED, value)?;
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(location).map_err(|e| Error::internal("location", e))?,
    );
    Ok(response)
}

pub fn no_content() -> Result<Response<Body>> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::NO_CONTENT;
    Ok(response)
}

fn with_body(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The final response of every handler: errors become problem+json, and
/// internal details go to the log instead of the client.
pub fn respond(result: Result<Response<Body>>) -> Response<Body> {
    result.unwrap_or_else(|err| problem(&err))
}

pub fn problem(err: &Error) -> Response<Body> {
    let (status, title) = match err {
        Error::BadRequest(_) => (StatusCode::BAD_REQUEST, "Bad request"),
        Error::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Invalid input"),
        Error::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "Not authenticated"),
        Error::Forbidden { .. } => (StatusCode::FORBIDDEN, "Forbidden"),
        Error::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
        Error::Conflict { .. } => (StatusCode::CONFLICT, "Conflict"),
        Error::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "Payload too large"),
        Error::UnsupportedMediaType(_) => {
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type")
        }
        Error::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "Too many requests"),
        Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
    };
    let detail = match err {
        Error::Internal(_) => {
            tracing::error!(error = %chain(err), "internal error");
            "something went wrong on our side; try again".to_owned()
        }
        other => other.to_string(),
    };
    let mut body = json!({
        "type": format!("https://kith.dev/problems/{}", err.code()),
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    match err {
        Error::Validation(errors) => body["errors"] = json!(errors),
        Error::Conflict {
            field: Some(field),
            detail,
            ..
        } => body["errors"] = json!([{ "field": field, "message": detail }]),
        _ => {}
    }
    let mut response = with_body(status, "application/problem+json", body.to_string());
    let headers = response.headers_mut();
    match err {
        Error::RateLimited {
            retry_after_secs, ..
        } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
        Error::Unauthorized(_) => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        _ => {}
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::error::{Clash, Denied};

    /// One error of each kind and reason.
    fn every_error() -> Vec<Error> {
        let denied = [
            Denied::Banned,
            Denied::MembersOnly,
            Denied::NotAModerator,
            Denied::NotTheOwner,
            Denied::NotTheAuthor,
            Denied::Blocked,
            Denied::ThreadLocked,
            Denied::ProtectedRole,
            Denied::NotModerated,
            Denied::FollowersOnly,
            Denied::NotAConversationAdmin,
        ];
        let clashes = [
            Clash::Taken,
            Clash::IdempotencyKeyReused,
            Clash::Changed,
            Clash::OwnerCannotLeave,
            Clash::OwnerRole,
            Clash::PinsFull,
            Clash::AlreadyResolved,
            Clash::AlreadyVerified,
            Clash::EditWindowClosed,
            Clash::ConversationFull,
        ];
        let mut all = vec![
            Error::BadRequest("x".into()),
            Error::validation("f", "x"),
            Error::Unauthorized("x".into()),
            Error::NotFound("x".into()),
            Error::PayloadTooLarge("x".into()),
            Error::UnsupportedMediaType("x".into()),
            Error::RateLimited {
                detail: "x".into(),
                retry_after_secs: 1,
            },
            Error::bug("x"),
        ];
        all.extend(denied.map(|d| Error::denied(d, "x")));
        all.extend(clashes.map(|c| Error::clash(c, "x")));
        all
    }

    #[test]
    fn every_problem_type_is_documented_with_its_status() {
        let doc = include_str!("../../../docs/openapi.yaml");
        for err in every_error() {
            let response = problem(&err);
            let status = response.status().as_u16();
            let row = format!("| `{}` | {status} |", err.code());
            assert!(doc.contains(&row), "docs/openapi.yaml lacks {row}");
            let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
            assert_eq!(
                body["type"],
                format!("https://kith.dev/problems/{}", err.code())
            );
        }
    }

    #[test]
    fn internal_details_never_reach_the_client() {
        let err = Error::internal("GetItem", std::io::Error::other("secret table name"));
        let body = String::from_utf8(problem(&err).body().to_vec()).unwrap();
        assert!(!body.contains("secret") && !body.contains("GetItem"));
    }
}
