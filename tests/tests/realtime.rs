//! Real time through the local WebSocket API (kith-local serves it as API
//! Gateway does): connecting with a token, typing and messages pushed in
//! order to members only, receipts, gone connections cleaned up, redelivery,
//! and removed members hearing nothing more.

use kith_tests::{Socket, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn conversation(stack: &Stack, token: &str, members: &[&str], title: Option<&str>) -> String {
    let reply = stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(token),
            Some(json!({"members": members, "title": title})),
        )
        .await;
    assert!(reply.status.is_success(), "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn send(stack: &Stack, token: &str, convo: &str, text: &str) -> String {
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/messages"),
            Some(token),
            Some(json!({"text": text})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn everyone_may_message(stack: &Stack, token: &str) {
    stack
        .call(
            Method::PATCH,
            "/v1/me/messaging",
            Some(token),
            Some(json!({"allow_from": "everyone"})),
        )
        .await;
}

/// The next `event` frame of this type (others, such as member changes, skipped).
async fn next_of(socket: &mut Socket, event: &str) -> Value {
    loop {
        let frame = socket
            .next_event(20)
            .await
            .unwrap_or_else(|| panic!("no {event} frame"));
        if frame["event"] == event {
            return frame;
        }
    }
}

#[tokio::test]
async fn members_receive_typing_then_the_message_and_outsiders_nothing() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (eve, _) = stack.signed_in("eve").await;
    everyone_may_message(&stack, &bob).await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let mut at_alice = stack.connect(&alice).await.unwrap();
    let mut at_bob = stack.connect(&bob).await.unwrap();
    let mut at_eve = stack.connect(&eve).await.unwrap();

    at_alice
        .send(json!({"action": "typing", "conversation_id": convo}))
        .await;
    // The conversation's own member_added event may reach Bob first.
    let typing = loop {
        let frame = at_bob.next(10).await.expect("a typing frame");
        if frame["type"] != "event" {
            break frame;
        }
    };
    assert_eq!(typing["type"], "typing");
    assert_eq!(
        (
            typing["conversation_id"].as_str(),
            typing["expires_in_secs"].as_u64()
        ),
        (Some(convo.as_str()), Some(5))
    );
    let message = send(&stack, &alice, &convo, "hi bob").await;
    let frame = next_of(&mut at_bob, "message.created").await;
    assert_eq!(frame["data"]["message"]["id"], message.as_str());
    assert_eq!(frame["data"]["message"]["text"], "hi bob");
    assert!(
        frame["id"].is_string(),
        "every frame names its event, to drop repeats"
    );
    // The sender's other devices hear it too; an outsider hears nothing.
    assert_eq!(
        next_of(&mut at_alice, "message.created").await["data"]["message_id"],
        message.as_str()
    );
    // Eve may not type into it either: an error frame, to her alone.
    at_eve
        .send(json!({"action": "typing", "conversation_id": convo}))
        .await;
    let refused = at_eve.next(10).await.unwrap();
    assert_eq!(
        (refused["type"].as_str(), refused["code"].as_str()),
        (Some("error"), Some("not-found"))
    );
    assert_eq!(at_eve.next(2).await, None);

    // A read receipt reaches the sender.
    let read = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/read"),
            Some(&bob),
            Some(json!({"message_id": message})),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let receipt = next_of(&mut at_alice, "conversation.read").await;
    assert_eq!(receipt["data"]["message_id"], message.as_str());
}

#[tokio::test]
async fn connecting_needs_a_valid_token_and_unknown_actions_get_an_error_frame() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    assert_eq!(stack.connect_to(&stack.ws).await.err(), Some(401));
    assert_eq!(stack.connect("not-a-token").await.err(), Some(401));
    // The token may come as a subprotocol instead, which is echoed.
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = stack.ws.as_str().into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        format!("kith, {alice}").parse().unwrap(),
    );
    let mut socket = stack
        .connect_with(request)
        .await
        .expect("a subprotocol token works");
    socket.send(json!({"action": "ping"})).await;
    assert_eq!(socket.next(10).await, Some(json!({"type": "pong"})));
    socket.send(json!({"action": "dance"})).await;
    let error = socket.next(10).await.unwrap();
    assert_eq!(
        (error["type"].as_str(), error["code"].as_str()),
        (Some("error"), Some("unknown-action"))
    );
    socket.send(json!({"action": "typing"})).await;
    assert_eq!(socket.next(10).await.unwrap()["code"], "bad-request");
}

#[tokio::test]
async fn a_gone_connection_is_deleted_on_410_and_redelivery_repeats_the_event_id() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    everyone_may_message(&stack, &bob).await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let mut at_bob = stack.connect(&bob).await.unwrap();
    // A connection API Gateway has closed without `$disconnect`.
    let bob_id = stack.app.tokens.verify(&bob).unwrap().sub;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let stale = kith::realtime::model::Connection {
        connection_id: "STALE".into(),
        user_id: bob_id.clone(),
        connected_at: now - 600,
        expires_at: now + 600,
        seen_at: now - 600,
    };
    stack.app.store.put_connection(&stale).await.unwrap();
    let message = send(&stack, &alice, &convo, "anyone there?").await;
    let frame = next_of(&mut at_bob, "message.created").await;
    kith_tests::eventually("the stale connection is gone", async || {
        stack.app.store.connection("STALE").await.unwrap().is_none()
    })
    .await;

    // The same event delivered again: the same event id, so clients drop it.
    let event = json!({
        "version": "0", "id": "redelivery", "detail-type": "message.created", "source": "kith",
        "account": "1", "time": "2026-12-02T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": {"id": frame["id"], "version": 1, "occurred_at": now, "data": {
            "conversation_id": convo, "message_id": message, "sender_id": frame["data"]["sender_id"],
            "seq": 1, "actor_id": frame["data"]["sender_id"]}}
    });
    kith::realtime::events::push_realtime(stack.app, event)
        .await
        .unwrap();
    let again = next_of(&mut at_bob, "message.created").await;
    assert_eq!(
        (again["id"].clone(), again["data"]["message_id"].clone()),
        (frame["id"].clone(), json!(message))
    );
}

#[tokio::test]
async fn a_removed_member_stops_receiving_at_once() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    for token in [&bob, &carol] {
        everyone_may_message(&stack, token).await;
    }
    let group = conversation(&stack, &alice, &["bob", "carol"], Some("Trio")).await;
    let mut at_bob = stack.connect(&bob).await.unwrap();
    let mut at_carol = stack.connect(&carol).await.unwrap();
    send(&stack, &alice, &group, "hello both").await;
    next_of(&mut at_carol, "message.created").await;
    next_of(&mut at_bob, "message.created").await;
    let removed = stack
        .call(
            Method::DELETE,
            &format!("/v1/conversations/{group}/members/carol"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    at_bob
        .send(json!({"action": "typing", "conversation_id": group}))
        .await;
    send(&stack, &alice, &group, "just us now").await;
    assert_eq!(
        next_of(&mut at_bob, "message.created").await["data"]["message"]["text"],
        "just us now"
    );
    // Carol hears of her removal, then nothing.
    let mut heard = Vec::new();
    while let Some(frame) = at_carol.next(3).await {
        heard.push(frame);
    }
    assert!(
        heard
            .iter()
            .all(|f| f["event"] != "message.created" && f["type"] != "typing"),
        "{heard:?}"
    );
    at_bob.close().await;
    at_carol.close().await;
}

/// The next presence frame (event frames, such as the conversation's
/// `member_added` arriving after connecting, skipped).
async fn next_presence(socket: &mut Socket) -> Value {
    loop {
        let frame = socket.next(10).await.expect("a presence frame");
        if frame["type"] == "presence" {
            return frame;
        }
    }
}

#[tokio::test]
async fn presence_reaches_only_those_allowed_and_follows_connections() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    everyone_may_message(&stack, &bob).await;
    conversation(&stack, &alice, &["bob"], None).await;
    let alice_id = stack.app.tokens.verify(&alice).unwrap().sub;
    let watch = json!({"action": "presence", "user_ids": [alice_id]});
    let statuses = |frame: Value| {
        assert_eq!(frame["type"], "presence", "{frame}");
        frame["statuses"][0]["status"].as_str().unwrap().to_owned()
    };

    // Bob shares a conversation with Alice; Carol is a stranger to her.
    let mut at_bob = stack.connect(&bob).await.unwrap();
    let mut at_carol = stack.connect(&carol).await.unwrap();
    at_bob.send(watch.clone()).await;
    assert_eq!(statuses(next_presence(&mut at_bob).await), "offline");
    let at_alice = stack.connect(&alice).await.unwrap();
    assert_eq!(statuses(next_presence(&mut at_bob).await), "online");
    at_carol.send(watch.clone()).await;
    assert_eq!(
        statuses(next_presence(&mut at_carol).await),
        "offline",
        "hidden from strangers"
    );
    at_alice.close().await;
    assert_eq!(statuses(next_presence(&mut at_bob).await), "offline");
    assert_eq!(at_carol.next(2).await, None, "carol watches nothing");

    // Alice hides her presence: offline to everyone, connected or not.
    let hide = json!({"show_presence": false});
    stack
        .call(Method::PATCH, "/v1/me/messaging", Some(&alice), Some(hide))
        .await;
    let _at_alice = stack.connect(&alice).await.unwrap();
    let mut fresh = stack.connect(&bob).await.unwrap();
    fresh.send(watch).await;
    assert_eq!(statuses(next_presence(&mut fresh).await), "offline");
}

#[tokio::test]
async fn connected_followers_hear_of_new_posts_in_their_feed() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let follow = stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    assert_eq!(follow.status, StatusCode::OK);
    let mut at_bob = stack.connect(&bob).await.unwrap();
    let mut at_carol = stack.connect(&carol).await.unwrap();
    let post = stack.post_id(&alice, json!({"text": "news"})).await;
    let hint = loop {
        let frame = at_bob.next(20).await.expect("a feed hint");
        if frame["type"] == "feed" {
            break frame;
        }
    };
    assert_eq!(hint["post_id"], post.as_str());
    assert_eq!(at_carol.next(2).await, None, "carol follows nobody");
}
