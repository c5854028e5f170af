//! Messaging routes: conversations, their members and my settings in them,
//! the inbox and request inbox, messages, reactions and read state.

use crate::messaging::messages;
use crate::messaging::model::{AllowFrom, Membership, Settings};
use crate::messaging::service::{self as conversations, Changes, Start};
use crate::messaging::views::{self, ConversationView, EntryView, MessageView, MineView};
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::{Error, Result};
use crate::platform::http::{
    authenticate, created, id_param, json, json_body, no_content, page, page_request, path_param,
};
use crate::platform::idempotency;
use crate::platform::ids::{ConversationId, Id, MessageId};
use crate::posts::api::AttachRequest;
use crate::posts::counts::ReactionKind;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;
use serde_json::json;

/// The caller and the `{conversation_id}` they name.
fn caller_in(app: &App, req: &Request) -> Result<(String, ConversationId)> {
    Ok((
        authenticate(app, req)?.sub,
        id_param(req, "conversation_id")?,
    ))
}

fn message_param(req: &Request) -> Result<MessageId> {
    id_param(req, "message_id")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartRequest {
    members: Vec<String>,
    title: Option<String>,
}

pub async fn create_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: StartRequest = json_body(&req)?;
    let start = Start {
        members: body.members,
        title: body.title,
    };
    let (id, new) = conversations::start(app, &me, start).await?;
    let view = conversation_view(app, &me, &id).await?;
    if new {
        created(&format!("/v1/conversations/{id}"), &view)
    } else {
        json(StatusCode::OK, &view)
    }
}

async fn conversation_view(app: &App, me: &str, id: &str) -> Result<ConversationView> {
    let (conversation, members) = conversations::whole(app, me, id).await?;
    let ids: Vec<&str> = members.iter().map(|m| m.user_id.as_str()).collect();
    let users = app.store.users(&ids).await?;
    Ok(ConversationView::of(
        me,
        &conversation,
        &members,
        &users,
        now().unix_timestamp(),
    ))
}

pub async fn get_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    json(StatusCode::OK, &conversation_view(app, &me, &id).await?)
}

pub async fn list_conversations(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let requests = match req
        .query_string_parameters_ref()
        .and_then(|q| q.first("box"))
    {
        None | Some("inbox") => false,
        Some("requests") => true,
        Some(_) => return Err(Error::BadRequest("box must be inbox or requests".into())),
    };
    let scope = Scope::Conversations {
        owner: me.clone(),
        r#box: if requests { "requests" } else { "inbox" },
    };
    let (limit, after) = page_request(app, &req, &scope)?;
    let (entries, next) = conversations::boxed(app, &me, requests, limit, after).await?;
    let peers: Vec<&str> = entries
        .iter()
        .filter_map(|m| m.peer_id.as_deref())
        .collect();
    let users = if peers.is_empty() {
        Vec::new()
    } else {
        app.store.users(&peers).await?
    };
    let now = now().unix_timestamp();
    let items: Vec<EntryView> = entries
        .iter()
        .map(|m| EntryView::of(m, &users, now))
        .collect();
    page(app, &scope, items, next)
}

pub async fn count_unread(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let unread = conversations::unread(app, &me).await?;
    json(
        StatusCode::OK,
        &json!({
            "messages": unread.messages,
            "conversations": unread.conversations,
            "requests": unread.requests,
        }),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeRequest {
    title: Option<String>,
    /// Present and null: the timer goes off.
    #[serde(default, deserialize_with = "present")]
    disappearing_secs: Option<Option<i64>>,
}

/// Tells a field that is absent (None, by `default`) from one that is null (Some(None)).
fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

pub async fn update_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let body: ChangeRequest = json_body(&req)?;
    let changes = Changes {
        title: body.title,
        disappearing_secs: body.disappearing_secs,
    };
    conversations::change(app, &me, &id, changes).await?;
    json(StatusCode::OK, &conversation_view(app, &me, &id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MineRequest {
    muted: Option<bool>,
    pinned: Option<bool>,
}

fn mine(m: &Membership) -> Result<Response<Body>> {
    json(StatusCode::OK, &MineView::of(m, now().unix_timestamp()))
}

pub async fn update_my_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let body: MineRequest = json_body(&req)?;
    mine(&conversations::set_mine(app, &me, &id, body.muted, body.pinned).await?)
}

pub async fn accept_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    conversations::answer_request(app, &me, &id, true).await?;
    no_content()
}

pub async fn decline_conversation(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    conversations::answer_request(app, &me, &id, false).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRequest {
    username: String,
}

pub async fn add_conversation_member(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let body: MemberRequest = json_body(&req)?;
    conversations::add_member(app, &me, &id, &body.username).await?;
    no_content()
}

pub async fn remove_conversation_member(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    conversations::remove_member(app, &me, &id, &path_param(&req, "username")?).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadRequest {
    message_id: String,
}

pub async fn mark_conversation_read(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let body: ReadRequest = json_body(&req)?;
    let message = MessageId::parse(&body.message_id)
        .ok_or_else(|| Error::validation("message_id", "must be a message id (a ULID)"))?;
    mine(&conversations::read_up_to(app, &me, &id, &message).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendRequest {
    text: String,
    reply_to: Option<String>,
    #[serde(default)]
    media: Vec<AttachRequest>,
}

pub async fn send_message(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let key = idempotency::key_of(&req)?;
    let body: SendRequest = json_body(&req)?;
    let reply_to = body
        .reply_to
        .as_deref()
        .map(|r| {
            MessageId::parse(r)
                .ok_or_else(|| Error::validation("reply_to", "must be a message id (a ULID)"))
        })
        .transpose()?;
    let media: Vec<(String, Option<String>)> =
        body.media.into_iter().map(|m| (m.id, m.alt)).collect();
    let (message, new) = messages::send(
        app,
        &me,
        &id,
        &body.text,
        reply_to.as_deref(),
        &media,
        key.as_deref(),
    )
    .await?;
    let (message, answered) = messages::one(app, &me, &id, &message.id).await?;
    let links = views::links(app, std::slice::from_ref(&message)).await?;
    let view = MessageView::of(&me, &message, &answered, &links);
    let location = format!("/v1/conversations/{id}/messages/{}", view.id);
    let mut response = created(&location, &view)?;
    if !new {
        *response.status_mut() = StatusCode::OK;
        idempotency::mark_replayed(&mut response);
    }
    Ok(response)
}

pub async fn list_messages(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let scope = Scope::Messages(id.to_string());
    let (limit, after) = page_request(app, &req, &scope)?;
    let (shown, answered, next) = messages::history(app, &me, &id, limit, after).await?;
    let links = views::links(app, &shown).await?;
    let items: Vec<MessageView> = shown
        .iter()
        .map(|m| MessageView::of(&me, m, &answered, &links))
        .collect();
    page(app, &scope, items, next)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    text: String,
}

pub async fn edit_message(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let message_id = message_param(&req)?;
    let body: EditRequest = json_body(&req)?;
    messages::edit(app, &me, &id, &message_id, &body.text).await?;
    message_reply(app, &me, &id, &message_id).await
}

async fn message_reply(app: &App, me: &str, id: &str, message_id: &str) -> Result<Response<Body>> {
    let (message, answered) = messages::one(app, me, id, message_id).await?;
    let links = views::links(app, std::slice::from_ref(&message)).await?;
    json(
        StatusCode::OK,
        &MessageView::of(me, &message, &answered, &links),
    )
}

pub async fn delete_message(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let message_id = message_param(&req)?;
    let for_everyone = match req
        .query_string_parameters_ref()
        .and_then(|q| q.first("for"))
    {
        None | Some("me") => false,
        Some("everyone") => true,
        Some(_) => return Err(Error::BadRequest("for must be me or everyone".into())),
    };
    messages::delete(app, &me, &id, &message_id, for_everyone).await?;
    no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReactRequest {
    kind: String,
}

pub async fn react_to_message(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let message_id = message_param(&req)?;
    let body: ReactRequest = json_body(&req)?;
    let kind = ReactionKind::parse(&body.kind).ok_or_else(|| {
        Error::validation("kind", "must be one of like, love, haha, wow, sad, angry")
    })?;
    messages::react(app, &me, &id, &message_id, Some(kind)).await?;
    message_reply(app, &me, &id, &message_id).await
}

pub async fn remove_message_reaction(app: &App, req: Request) -> Result<Response<Body>> {
    let (me, id) = caller_in(app, &req)?;
    let message_id = message_param(&req)?;
    messages::react(app, &me, &id, &message_id, None).await?;
    no_content()
}

pub async fn get_messaging_settings(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    json(StatusCode::OK, &conversations::settings(app, &me).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsRequest {
    allow_from: Option<AllowFrom>,
    read_receipts: Option<bool>,
    show_presence: Option<bool>,
}

pub async fn update_messaging_settings(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: SettingsRequest = json_body(&req)?;
    let current = conversations::settings(app, &me).await?;
    let settings = Settings {
        allow_from: body.allow_from.unwrap_or(current.allow_from),
        read_receipts: body.read_receipts.unwrap_or(current.read_receipts),
        show_presence: body.show_presence.unwrap_or(current.show_presence),
    };
    conversations::set_settings(app, &me, &settings).await?;
    json(StatusCode::OK, &settings)
}
