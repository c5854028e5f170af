//! Serves the route table on one HTTP port with API Gateway HTTP API (payload
//! v2.0) semantics: each request becomes the JSON event API Gateway would send,
//! parsed by lambda_http exactly as in Lambda, and handed to the same handler
//! the function binary runs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use kith::functions::ROUTES;
use kith::platform::context::App;
use kith::platform::routes::Route;
use lambda_http::Body;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// API Gateway's payload limit.
const MAX_PAYLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Accepts connections until `shutdown` resolves. `openapi` is served at `/openapi.yaml`.
pub async fn serve(
    app: &'static App,
    listener: TcpListener,
    openapi: &'static str,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(err) => { tracing::warn!(%err, "accept failed"); continue; }
            },
            () = &mut shutdown => return,
        };
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(app, openapi, peer, req));
            if let Err(err) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%err, "connection closed");
            }
        });
    }
}

async fn handle(
    app: &'static App,
    openapi: &'static str,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    if req.method() == hyper::Method::GET && path == "/openapi.yaml" {
        return Ok(reply(
            StatusCode::OK,
            "application/yaml",
            openapi.as_bytes().to_vec(),
        ));
    }
    if let Some(function) = path.strip_prefix(INVOKE_PREFIX)
        && req.method() == hyper::Method::POST
    {
        return Ok(invoke(app, function, req.into_body()).await);
    }
    let Some((route, params)) = ROUTES
        .iter()
        .find_map(|r| matches(r, req.method(), &path).map(|p| (r, p)))
    else {
        // What API Gateway answers for a route it does not have.
        return Ok(reply(
            StatusCode::NOT_FOUND,
            "application/json",
            br#"{"message":"Not Found"}"#.to_vec(),
        ));
    };
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_PAYLOAD_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Ok(reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "application/json",
                br#"{"message":"Request Entity Too Large"}"#.to_vec(),
            ));
        }
    };
    let event = api_gateway_event(route, &parts, params, peer, &body);
    let request = match lambda_http::request::from_str(&event.to_string()) {
        Ok(request) => request,
        Err(err) => {
            tracing::error!(%err, "could not build the API Gateway event");
            return Ok(reply(
                StatusCode::BAD_REQUEST,
                "application/json",
                br#"{"message":"Bad Request"}"#.to_vec(),
            ));
        }
    };
    let response = (route.handler)(app, request).await;
    tracing::info!(method = %parts.method, path, function = route.function, status = response.status().as_u16());
    let (head, body) = response.into_parts();
    let bytes = match body {
        Body::Empty => Vec::new(),
        Body::Text(text) => text.into_bytes(),
        Body::Binary(bytes) => bytes,
        _ => Vec::new(),
    };
    Ok(Response::from_parts(head, Full::new(Bytes::from(bytes))))
}

/// `POST /_local/invoke/<function>` runs an event handler on the posted
/// event (`{}` will do for the scheduled ones): what operators would do with
/// `aws lambda invoke`, e.g. sending the digests or the daily report now.
const INVOKE_PREFIX: &str = "/_local/invoke/";

async fn invoke(app: &'static App, function: &str, body: Incoming) -> Response<Full<Bytes>> {
    let Some(handler) = kith::functions::event_handler(function) else {
        return reply(
            StatusCode::NOT_FOUND,
            "application/json",
            br#"{"message":"no such event handler"}"#.to_vec(),
        );
    };
    let event = match Limited::new(body, MAX_PAYLOAD_BYTES).collect().await {
        Ok(body) => match serde_json::from_slice(&body.to_bytes()) {
            Ok(event) => event,
            Err(_) => {
                return reply(
                    StatusCode::BAD_REQUEST,
                    "application/json",
                    br#"{"message":"the event must be JSON"}"#.to_vec(),
                );
            }
        },
        Err(_) => {
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "application/json",
                br#"{"message":"Request Entity Too Large"}"#.to_vec(),
            );
        }
    };
    let (status, body) = match (handler.handler)(app, event).await {
        Ok(out) => (StatusCode::OK, out),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "errorMessage": err.to_string() }),
        ),
    };
    tracing::info!(function, status = status.as_u16(), "invoked");
    reply(status, "application/json", body.to_string().into_bytes())
}

fn reply(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    response
}

/// Matches API Gateway route syntax (`/v1/users/{username}`): the method must
/// be equal and every `{name}` captures one non-empty, percent-decoded segment.
fn matches(route: &Route, method: &hyper::Method, path: &str) -> Option<BTreeMap<String, String>> {
    if route.method != *method {
        return None;
    }
    let (pattern, actual): (Vec<_>, Vec<_>) =
        (route.path.split('/').collect(), path.split('/').collect());
    if pattern.len() != actual.len() {
        return None;
    }
    let mut params = BTreeMap::new();
    for (want, got) in pattern.iter().zip(&actual) {
        match want.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            Some(name) if !got.is_empty() => {
                let value = percent_encoding::percent_decode_str(got)
                    .decode_utf8()
                    .ok()?;
                params.insert(name.to_owned(), value.into_owned());
            }
            None if want == got => {}
            _ => return None,
        }
    }
    Some(params)
}

/// The payload format 2.0 event API Gateway sends for this request.
fn api_gateway_event(
    route: &Route,
    parts: &hyper::http::request::Parts,
    params: BTreeMap<String, String>,
    peer: SocketAddr,
    body: &[u8],
) -> Value {
    let mut headers = Map::new();
    let mut cookies = Vec::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == hyper::header::COOKIE {
            cookies.extend(value.split(';').map(|c| c.trim().to_owned()));
            continue;
        }
        // API Gateway joins repeated headers with commas.
        match headers.get_mut(name.as_str()) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                headers.insert(name.as_str().to_owned(), Value::String(value));
            }
        }
    }
    let raw_query = parts.uri.query().unwrap_or_default();
    let mut query = Map::new();
    for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        match query.get_mut(key.as_ref()) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                query.insert(key.into_owned(), Value::String(value.into_owned()));
            }
        }
    }
    let (body, is_base64) = match std::str::from_utf8(body) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (STANDARD.encode(body), true),
    };
    let now = time::OffsetDateTime::now_utc();
    let route_key = format!("{} {}", route.method, route.path);
    let host = headers
        .get("host")
        .and_then(Value::as_str)
        .unwrap_or("localhost")
        .to_owned();
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": parts.uri.path(),
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": host,
            "domainPrefix": host.split('.').next().unwrap_or_default(),
            "http": {
                "method": parts.method.as_str(),
                "path": parts.uri.path(),
                "protocol": format!("{:?}", parts.version),
                "sourceIp": peer.ip().to_string(),
                "userAgent": parts.headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or_default(),
            },
            "requestId": ulid::Ulid::generate().to_string(),
            "routeKey": route_key,
            "stage": "$default",
            "time": now.format(time::macros::format_description!(
                "[day]/[month repr:short]/[year]:[hour]:[minute]:[second] +0000"
            )).unwrap_or_default(),
            "timeEpoch": now.unix_timestamp() * 1000 + i64::from(now.millisecond()),
        },
        "isBase64Encoded": is_base64,
    });
    if !body.is_empty() {
        event["body"] = Value::String(body);
    }
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !query.is_empty() {
        event["queryStringParameters"] = Value::Object(query);
    }
    if !params.is_empty() {
        event["pathParameters"] = json!(params);
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_templates_capture_decoded_segments() {
        let route = ROUTES
            .iter()
            .find(|r| r.path == "/v1/users/{username}")
            .unwrap();
        let params = matches(route, &hyper::Method::GET, "/v1/users/Al%5Fice").unwrap();
        assert_eq!(params["username"], "Al_ice");
        assert!(matches(route, &hyper::Method::POST, "/v1/users/alice").is_none());
        assert!(matches(route, &hyper::Method::GET, "/v1/users/").is_none());
        assert!(matches(route, &hyper::Method::GET, "/v1/users/a/b").is_none());
    }
}
