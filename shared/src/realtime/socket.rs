//! The WebSocket API's routes, each its own function: `$connect`
//! authenticates and records the connection, `$disconnect` forgets it,
//! `typing`, `presence` and `ping` are the client's actions, and `$default` answers any
//! other action with an error frame. Each takes API Gateway's WebSocket
//! event and answers with a status; frames go back through `@connections`.

use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::realtime::model::Frame;
use crate::realtime::service as realtime;
use aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequest;
use serde::Deserialize;
use serde_json::{Value, json};

/// The subprotocol a client names to send its token in `Sec-WebSocket-Protocol`.
pub const SUBPROTOCOL: &str = "kith";

fn request(event: Value) -> Result<ApiGatewayWebsocketProxyRequest> {
    serde_json::from_value(event)
        .map_err(|e| Error::BadRequest(format!("not an API Gateway WebSocket event: {e}")))
}

fn connection_id(req: &ApiGatewayWebsocketProxyRequest) -> Result<String> {
    req.request_context
        .connection_id
        .clone()
        .ok_or_else(|| Error::BadRequest("the event names no connection".into()))
}

fn status(code: u16) -> Value {
    json!({ "statusCode": code })
}

/// The access token of a `$connect`: `?access_token=` or, for clients that
/// cannot set a query (browsers can), `Sec-WebSocket-Protocol: kith, <token>`.
/// Also says whether the subprotocol must be echoed.
fn token(req: &ApiGatewayWebsocketProxyRequest) -> Option<(String, bool)> {
    if let Some(token) = req.query_string_parameters.first("access_token") {
        return Some((token.to_owned(), false));
    }
    let offered = req.headers.get("sec-websocket-protocol")?.to_str().ok()?;
    let mut parts = offered.split(',').map(str::trim);
    (parts.next()? == SUBPROTOCOL)
        .then(|| parts.next().map(|t| (t.to_owned(), true)))
        .flatten()
}

/// `$connect`: 200 with the connection recorded, or 401 (API Gateway then
/// refuses the upgrade).
pub async fn connect(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    let id = connection_id(&req)?;
    let Some((token, echo)) = token(&req) else {
        return Ok(status(401));
    };
    match realtime::connect(app, &id, &token).await {
        Ok(connection) => {
            realtime::announce(app, &connection.user_id).await?;
            tracing::Span::current().record("user_id", connection.user_id.as_str());
            let mut answer = status(200);
            if echo {
                answer["headers"] = json!({ "Sec-WebSocket-Protocol": SUBPROTOCOL });
            }
            Ok(answer)
        }
        Err(Error::Unauthorized(_)) => Ok(status(401)),
        Err(err) => Err(err),
    }
}

pub async fn disconnect(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    realtime::disconnect(app, &connection_id(&req)?).await?;
    Ok(status(200))
}

/// Any action without a route of its own.
pub async fn default(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    let action = req
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .and_then(|b| b["action"].as_str().map(str::to_owned));
    let message = match action {
        Some(action) => {
            format!("unknown action {action:?}; the actions are typing, presence and ping")
        }
        None => "a frame is a JSON object with an action: typing, presence or ping".to_owned(),
    };
    realtime::send(
        app,
        &connection_id(&req)?,
        &Frame::error("unknown-action", message),
    )
    .await?;
    Ok(status(200))
}

/// `ping`: a heartbeat (it keeps the account online), answered with `pong`.
pub async fn ping(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    let id = connection_id(&req)?;
    realtime::heard_from(app, &id).await?;
    realtime::send(app, &id, &Frame::Pong).await?;
    Ok(status(200))
}

#[derive(Deserialize)]
struct Watch {
    user_ids: Vec<String>,
}

/// `presence`: the presence of up to 100 accounts, and their changes while
/// the connection lasts.
pub async fn presence(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    let id = connection_id(&req)?;
    let Some(connection) = app.store.connection(&id).await? else {
        return Ok(status(410));
    };
    let body: Option<Watch> = req
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok());
    let frame = match body {
        Some(watch) => realtime::watch(app, &connection, &watch.user_ids).await,
        None => Err(Error::BadRequest(
            "presence needs user_ids (account ids)".into(),
        )),
    };
    let frame = match frame {
        Ok(frame) => frame,
        Err(err @ Error::Internal(_)) => return Err(err),
        Err(err) => Frame::error(err.code(), err.to_string()),
    };
    realtime::send(app, &id, &frame).await?;
    Ok(status(200))
}

#[derive(Deserialize)]
struct Typing {
    conversation_id: String,
}

/// `typing`: fanned out to the conversation's other connected members;
/// mistakes come back as an error frame.
pub async fn typing(app: &'static App, event: Value) -> Result<Value> {
    let req = request(event)?;
    let id = connection_id(&req)?;
    let Some(user) = realtime::account_of(app, &id).await? else {
        return Ok(status(410));
    };
    let body: Option<Typing> = req
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok());
    let outcome = match body {
        Some(typing) => realtime::typing(app, &user, &typing.conversation_id)
            .await
            .map(|_| ()),
        None => Err(Error::BadRequest("typing needs a conversation_id".into())),
    };
    if let Err(err) = outcome {
        if matches!(err, Error::Internal(_)) {
            return Err(err);
        }
        realtime::send(app, &id, &Frame::error(err.code(), err.to_string())).await?;
    }
    Ok(status(200))
}
