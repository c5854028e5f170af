//! Serves the WebSocket API as API Gateway does, on its own port: an
//! upgrade runs `$connect` (refused unless it answers 2xx), each text frame
//! runs the route its `action` selects (else `$default`), a close runs
//! `$disconnect`, all with API Gateway's event shape and the same handlers
//! the function binaries run. The same port serves the `@connections`
//! management API (POST a frame, GET, DELETE), which the handlers' SDK
//! client reaches by endpoint URL. Not emulated: the 10-minute idle and
//! 2-hour limits.

use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use kith::functions::{SOCKET_ROUTES, event_handler};
use kith::platform::context::App;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

/// Open connections: what to send each, by connection id.
#[derive(Clone, Default)]
struct Open(Arc<Mutex<HashMap<String, mpsc::UnboundedSender<Message>>>>);

impl Open {
    fn sender(&self, id: &str) -> Option<mpsc::UnboundedSender<Message>> {
        self.0.lock().expect("connections lock").get(id).cloned()
    }
}

/// Accepts WebSocket clients and management calls until the process ends.
pub async fn serve(app: &'static App, listener: TcpListener) {
    let open = Open::default();
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(err) => {
                tracing::warn!(%err, "accept failed");
                continue;
            }
        };
        let open = open.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |req| handle(app, open.clone(), peer, req));
            if let Err(err) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await
            {
                tracing::debug!(%err, "connection closed");
            }
        });
    }
}

fn reply(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
}

async fn handle(
    app: &'static App,
    open: Open,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if let Some(id) = req.uri().path().strip_prefix("/@connections/") {
        let id = percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned();
        return Ok(manage(&open, &id, req).await);
    }
    Ok(upgrade(app, open, peer, req).await)
}

/// The management API: POST sends a frame, GET describes, DELETE closes;
/// 410 GoneException for a connection that is not open.
async fn manage(open: &Open, id: &str, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let Some(sender) = open.sender(id) else {
        let mut gone = reply(
            StatusCode::GONE,
            json!({ "message": format!("connection {id} is gone") }),
        );
        gone.headers_mut().insert(
            "x-amzn-errortype",
            hyper::header::HeaderValue::from_static("GoneException"),
        );
        return gone;
    };
    match *req.method() {
        hyper::Method::POST => {
            let body = req
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&body).into_owned();
            let _ = sender.send(Message::text(text));
            reply(StatusCode::OK, json!({}))
        }
        hyper::Method::DELETE => {
            let _ = sender.send(Message::Close(None));
            reply(StatusCode::NO_CONTENT, json!({}))
        }
        _ => reply(StatusCode::OK, json!({ "ConnectedAt": "", "Identity": {} })),
    }
}

/// The event API Gateway sends a WebSocket route's integration.
fn socket_event(
    route_key: &str,
    event_type: &str,
    id: &str,
    peer: SocketAddr,
    extra: Value,
) -> Value {
    let now = time::OffsetDateTime::now_utc();
    let ms = now.unix_timestamp() * 1000 + i64::from(now.millisecond());
    let mut event = json!({
        "requestContext": {
            "routeKey": route_key,
            "eventType": event_type,
            "messageDirection": "IN",
            "connectionId": id,
            "requestId": ulid::Ulid::generate().to_string(),
            "extendedRequestId": ulid::Ulid::generate().to_string(),
            "apiId": "local",
            "stage": "local",
            "domainName": "127.0.0.1",
            "connectedAt": ms,
            "requestTimeEpoch": ms,
            "identity": { "sourceIp": peer.ip().to_string() },
        },
        "isBase64Encoded": false,
    });
    if let (Some(event), Some(extra)) = (event.as_object_mut(), extra.as_object()) {
        event.extend(extra.clone());
    }
    event
}

/// Runs the function of a route key with an event; None when it failed.
async fn run(app: &'static App, route_key: &str, event: Value) -> Option<Value> {
    let route = SOCKET_ROUTES.iter().find(|r| r.route_key == route_key)?;
    let handler = event_handler(route.function)?;
    match (handler.handler)(app, event).await {
        Ok(answer) => Some(answer),
        Err(err) => {
            tracing::warn!(%err, function = route.function, "socket route failed");
            None
        }
    }
}

/// The route a client's frame selects: its `action`, when a route has that key.
fn select(body: &str) -> &'static str {
    let action = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["action"].as_str().map(str::to_owned));
    SOCKET_ROUTES
        .iter()
        .find(|r| !r.route_key.starts_with('$') && Some(r.route_key) == action.as_deref())
        .map_or("$default", |r| r.route_key)
}

async fn upgrade(
    app: &'static App,
    open: Open,
    peer: SocketAddr,
    mut req: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let Some(key) = req.headers().get("sec-websocket-key").cloned() else {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({ "message": "expected a WebSocket upgrade" }),
        );
    };
    let id = ulid::Ulid::generate().to_string();
    let mut headers = Map::new();
    let mut multi = Map::new();
    for (name, value) in req.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers.insert(name.as_str().to_owned(), json!(value));
        multi.insert(name.as_str().to_owned(), json!([value]));
    }
    let query: Map<String, Value> =
        form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), json!(v)))
            .collect();
    let multi_query: Map<String, Value> =
        query.iter().map(|(k, v)| (k.clone(), json!([v]))).collect();
    let extra = json!({
        "headers": headers,
        "multiValueHeaders": multi,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
    });
    let answer = run(
        app,
        "$connect",
        socket_event("$connect", "CONNECT", &id, peer, extra),
    )
    .await;
    let status = answer
        .as_ref()
        .and_then(|a| a["statusCode"].as_u64())
        .unwrap_or(500);
    if !(200..300).contains(&status) {
        let code = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return reply(code, json!({ "message": "Forbidden" }));
    }
    let upgrading = hyper::upgrade::on(&mut req);
    let (sender, receiver) = mpsc::unbounded_channel();
    open.0
        .lock()
        .expect("connections lock")
        .insert(id.clone(), sender);
    tokio::spawn(async move {
        match upgrading.await {
            Ok(upgraded) => {
                let socket =
                    WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None)
                        .await;
                converse(app, &id, peer, socket, receiver).await;
            }
            Err(err) => tracing::warn!(%err, "upgrade failed"),
        }
        open.0.lock().expect("connections lock").remove(&id);
        let extra = json!({ "disconnectStatusCode": 1000, "disconnectReason": "" });
        run(
            app,
            "$disconnect",
            socket_event("$disconnect", "DISCONNECT", &id, peer, extra),
        )
        .await;
    });
    let mut response = reply(StatusCode::SWITCHING_PROTOCOLS, json!({}));
    *response.body_mut() = Full::new(Bytes::new());
    let headers = response.headers_mut();
    headers.insert(
        "upgrade",
        hyper::header::HeaderValue::from_static("websocket"),
    );
    headers.insert(
        "connection",
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(accept) = hyper::header::HeaderValue::from_str(&derive_accept_key(key.as_bytes())) {
        headers.insert("sec-websocket-accept", accept);
    }
    if let Some(protocol) = answer
        .as_ref()
        .and_then(|a| a["headers"]["Sec-WebSocket-Protocol"].as_str())
        && let Ok(protocol) = hyper::header::HeaderValue::from_str(protocol)
    {
        headers.insert("sec-websocket-protocol", protocol);
    }
    response
}

/// One open connection: the client's frames in, pushed frames out, in order.
async fn converse(
    app: &'static App,
    id: &str,
    peer: SocketAddr,
    socket: WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>,
    mut pushed: mpsc::UnboundedReceiver<Message>,
) {
    let (mut out, mut incoming) = socket.split();
    loop {
        tokio::select! {
            frame = incoming.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let route = select(&text);
                    let event = socket_event(route, "MESSAGE", id, peer, json!({ "body": text.as_str() }));
                    if run(app, route, event).await.is_none() {
                        let error = json!({ "message": "Internal server error", "connectionId": id });
                        let _ = out.send(Message::text(error.to_string())).await;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            frame = pushed.recv() => match frame {
                Some(Message::Close(frame)) => {
                    let _ = out.send(Message::Close(frame)).await;
                    return;
                }
                Some(frame) => {
                    if out.send(frame).await.is_err() {
                        return;
                    }
                }
                None => return,
            },
        }
    }
}
