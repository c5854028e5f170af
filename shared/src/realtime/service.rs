//! Connections and pushes: who is connected, and sending frames to an
//! account's every open connection. A connection found gone (410) is
//! deleted on the spot; the TTL removes those nobody pushes to.

use crate::adapters::sockets::Delivery;
use crate::messaging::model::{Kind, Membership, Status};
use crate::messaging::service as conversations;
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::realtime::model::{
    CONNECT_GRACE_SECS, CONNECTION_TTL_SECS, Connection, Frame, PRESENCE_MAX, Presence, PresenceOf,
    TYPING_SECS, presence,
};

/// Records a connection of the account whose access token came with `$connect`.
pub async fn connect(app: &App, connection_id: &str, token: &str) -> Result<Connection> {
    let claims = app.tokens.verify(token)?;
    let now = now().unix_timestamp();
    let connection = Connection {
        connection_id: connection_id.to_owned(),
        user_id: claims.sub,
        connected_at: now,
        expires_at: now + CONNECTION_TTL_SECS,
        seen_at: now,
    };
    app.store.put_connection(&connection).await?;
    Ok(connection)
}

/// Forgets a connection, and tells its account's watchers if that changed
/// its presence.
pub async fn disconnect(app: &App, connection_id: &str) -> Result<()> {
    let connection = app.store.connection(connection_id).await?;
    app.store.delete_connection(connection_id).await?;
    match connection {
        Some(c) => announce(app, &c.user_id).await,
        None => Ok(()),
    }
}

/// A heartbeat: the connection is heard from now; an account coming back
/// from away is announced.
pub async fn heard_from(app: &App, connection_id: &str) -> Result<()> {
    let now = now().unix_timestamp();
    let Some(connection) = app.store.connection(connection_id).await? else {
        return Ok(());
    };
    let before = presence(&app.store.connections_of(&connection.user_id).await?, now);
    if app.store.touch_connection(connection_id, now).await? && before != Presence::Online {
        announce(app, &connection.user_id).await?;
    }
    Ok(())
}

/// Which of `targets` let `viewer` see their presence: they show it, and
/// follow `viewer` or have a direct conversation with them.
async fn visible_to(app: &App, viewer: &str, targets: &[&str]) -> Result<Vec<String>> {
    let settings = app.store.messaging_settings_of(targets).await?;
    let showing: Vec<&str> = settings
        .iter()
        .filter(|(_, s)| s.show_presence)
        .map(|(user, _)| user.as_str())
        .collect();
    if showing.is_empty() {
        return Ok(Vec::new());
    }
    let mut visible = app.store.who_follow(&showing, viewer).await?;
    for peer in app.store.direct_peers(viewer, &showing).await? {
        if !visible.contains(&peer) {
            visible.push(peer);
        }
    }
    Ok(visible)
}

/// `presence`: the accounts' presence now (offline for those who do not let
/// the connection's account see it), and their changes from now on pushed
/// to this connection.
pub async fn watch(app: &App, connection: &Connection, targets: &[String]) -> Result<Frame> {
    if targets.len() > PRESENCE_MAX {
        return Err(Error::BadRequest(format!(
            "ask about at most {PRESENCE_MAX} accounts"
        )));
    }
    let targets: Vec<&str> = crate::platform::ids::distinct(targets.iter().map(String::as_str));
    let visible = visible_to(app, &connection.user_id, &targets).await?;
    let watched: Vec<&str> = visible.iter().map(String::as_str).collect();
    if !watched.is_empty() {
        app.store
            .watch(&connection.connection_id, &watched, connection.expires_at)
            .await?;
    }
    let now = now().unix_timestamp();
    let mut statuses = Vec::with_capacity(targets.len());
    for target in targets {
        let status = if visible.iter().any(|v| v == target) {
            presence(&app.store.connections_of(target).await?, now)
        } else {
            Presence::Offline
        };
        statuses.push(PresenceOf {
            user_id: target.to_owned(),
            status,
        });
    }
    Ok(Frame::Presence { statuses })
}

/// Pushes `user_id`'s presence (offline while hidden) to the connections
/// watching it; watchers whose connection is gone are forgotten.
pub async fn announce(app: &App, user_id: &str) -> Result<()> {
    let now = now().unix_timestamp();
    let status = if app.store.messaging_settings(user_id).await?.show_presence {
        presence(&app.store.connections_of(user_id).await?, now)
    } else {
        Presence::Offline
    };
    let frame = Frame::Presence {
        statuses: vec![PresenceOf {
            user_id: user_id.to_owned(),
            status,
        }],
    };
    for watcher in app.store.watchers_of(user_id).await? {
        if watcher.expires_at <= now
            || send(app, &watcher.connection_id, &frame).await? == Delivery::Gone
        {
            app.store.unwatch(user_id, &watcher.connection_id).await?;
        }
    }
    Ok(())
}

/// The account behind a connection (None once it is gone).
pub async fn account_of(app: &App, connection_id: &str) -> Result<Option<String>> {
    let now = now().unix_timestamp();
    Ok(app
        .store
        .connection(connection_id)
        .await?
        .filter(|c| c.open(now))
        .map(|c| c.user_id))
}

/// Sends `frame` to one connection; a gone connection is forgotten.
pub async fn send(app: &App, connection_id: &str, frame: &Frame) -> Result<Delivery> {
    let delivery = app.sockets.post(connection_id, &frame.encode()).await?;
    if delivery == Delivery::Gone {
        app.store.delete_connection(connection_id).await?;
    }
    Ok(delivery)
}

/// Sends each recipient its frame (`frames`: account and frame) on every
/// open connection of theirs. Returns how many frames were delivered.
pub async fn push(app: &App, frames: Vec<(String, Frame)>) -> Result<usize> {
    let now = now().unix_timestamp();
    let lookups = frames
        .iter()
        .map(|(user, _)| app.store.connections_of(user));
    let connections = futures_util::future::try_join_all(lookups).await?;
    let mut sends = Vec::new();
    for ((_, frame), connections) in frames.iter().zip(connections) {
        let bytes = frame.encode();
        for connection in connections.into_iter().filter(|c| c.open(now)) {
            let bytes = bytes.clone();
            sends.push(async move {
                let delivery = app.sockets.post(&connection.connection_id, &bytes).await?;
                // A connection still in `$connect` answers 410 too: only an
                // established one that is gone loses its record.
                if delivery == Delivery::Gone && connection.connected_at + CONNECT_GRACE_SECS < now
                {
                    app.store
                        .delete_connection(&connection.connection_id)
                        .await?;
                }
                Ok::<_, Error>(delivery)
            });
        }
    }
    let deliveries = futures_util::future::try_join_all(sends).await?;
    Ok(deliveries.iter().filter(|d| **d == Delivery::Sent).count())
}

/// The members who see what `actor` does in a conversation now: in its
/// inbox (not a pending request, not declined), and in a group without a
/// block between them and `actor`.
pub async fn audience(
    app: &App,
    kind: Kind,
    members: &[Membership],
    actor: &str,
) -> Result<Vec<Membership>> {
    let active: Vec<Membership> = members
        .iter()
        .filter(|m| m.status == Status::Active)
        .cloned()
        .collect();
    if kind == Kind::Direct {
        return Ok(active);
    }
    let others: Vec<&str> = active
        .iter()
        .map(|m| m.user_id.as_str())
        .filter(|u| *u != actor)
        .collect();
    let blocked = if others.is_empty() {
        Vec::new()
    } else {
        app.store.blocked_among(actor, &others).await?
    };
    Ok(active
        .into_iter()
        .filter(|m| !blocked.contains(&m.user_id))
        .collect())
}

/// Tells the conversation's other members that `user_id` is typing (not stored).
pub async fn typing(app: &App, user_id: &str, conversation_id: &str) -> Result<usize> {
    let (conversation, members) = conversations::whole(app, user_id, conversation_id).await?;
    let mine = members
        .iter()
        .find(|m| m.user_id == user_id)
        .ok_or_else(|| conversations::not_found(conversation_id))?;
    if mine.status != Status::Active {
        return Err(conversations::not_found(conversation_id));
    }
    if let Some(peer) = &mine.peer_id {
        conversations::ensure_no_blocks(app, user_id, &[peer.as_str()]).await?;
    }
    let frame = Frame::Typing {
        conversation_id: conversation_id.to_owned(),
        user_id: user_id.to_owned(),
        expires_in_secs: TYPING_SECS,
    };
    let frames = audience(app, conversation.kind, &members, user_id)
        .await?
        .into_iter()
        .filter(|m| m.user_id != user_id)
        .map(|m| (m.user_id, frame.clone()))
        .collect();
    push(app, frames).await
}
