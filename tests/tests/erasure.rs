//! Erasure through the local host and the event pipeline: a deleted account
//! leaves nothing of itself in others' places (counts corrected), a deleted
//! post takes its thread, reactions, bookmarks and whole history with it, and
//! redelivered events change nothing.

use aws_sdk_dynamodb::types::AttributeValue;
use kith::functions::event_handler;
use kith_tests::{PASSWORD, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

/// Polls `probe` (up to 30 s) until it holds.
async fn eventually<F: AsyncFn() -> bool>(what: &str, probe: F) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !probe().await {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Every item whose keys (table, GSI1, GSI2) name `id`, but for throttle
/// windows and idempotency records, which expire by TTL within a day.
async fn items_naming(stack: &Stack, id: &str) -> Vec<String> {
    let db = aws_sdk_dynamodb::Client::new(&stack.sdk);
    let mut found = Vec::new();
    let mut pages = db
        .scan()
        .table_name(&stack.table)
        .into_paginator()
        .items()
        .send();
    while let Some(item) = pages.next().await {
        let item = item.unwrap();
        let attr = |name: &str| {
            item.get(name)
                .and_then(|v| v.as_s().ok())
                .cloned()
                .unwrap_or_default()
        };
        let keys = ["PK", "SK", "GSI1PK", "GSI2PK"].map(attr).join(" ");
        let expiring = keys.starts_with("THROTTLE#") || keys.starts_with("IDEMPOTENCY#");
        if keys.contains(id) && !expiring {
            found.push(keys);
        }
    }
    found
}

/// Waits (up to 30 s) until no item names `id`; fails with what is left.
async fn nothing_names(stack: &Stack, id: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = items_naming(stack, id).await;
        if left.is_empty() {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "left: {left:#?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn get(stack: &Stack, path: &str, token: &str) -> (StatusCode, Value) {
    let reply = stack.call(Method::GET, path, Some(token), None).await;
    (reply.status, reply.body)
}

async fn send(
    stack: &Stack,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Value {
    let reply = stack.call(method.clone(), path, Some(token), body).await;
    assert!(reply.status.is_success(), "{method} {path}: {reply:?}");
    reply.body
}

/// The id of what `send` created.
async fn id_of(
    stack: &Stack,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> String {
    send(stack, method, path, token, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_deleted_account_leaves_nothing_of_itself_behind() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let alice_id = get(&stack, "/v1/me", &alice).await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();

    send(&stack, Method::POST, "/v1/users/alice/follow", &bob, None).await;
    send(&stack, Method::POST, "/v1/users/carol/follow", &alice, None).await;
    // Alice's own post, edited, with bob's comment, reaction and bookmark on it.
    let hers = stack.post_id(&alice, json!({"text": "mine"})).await;
    send(
        &stack,
        Method::PATCH,
        &format!("/v1/posts/{hers}"),
        &alice,
        Some(json!({"text": "mine, edited"})),
    )
    .await;
    let bobs_comment = id_of(
        &stack,
        Method::POST,
        &format!("/v1/posts/{hers}/comments"),
        &bob,
        Some(json!({"text": "nice"})),
    )
    .await;
    send(
        &stack,
        Method::PUT,
        &format!("/v1/posts/{hers}/reaction"),
        &bob,
        Some(json!({"kind": "like"})),
    )
    .await;
    send(
        &stack,
        Method::PUT,
        &format!("/v1/posts/{hers}/bookmark"),
        &bob,
        None,
    )
    .await;
    // What alice wrote in others' places.
    let his = stack.post_id(&bob, json!({"text": "bob's"})).await;
    let her_comment = id_of(
        &stack,
        Method::POST,
        &format!("/v1/posts/{his}/comments"),
        &alice,
        Some(json!({"text": "from alice"})),
    )
    .await;
    let reply_to_her = id_of(
        &stack,
        Method::POST,
        &format!("/v1/posts/{his}/comments"),
        &bob,
        Some(json!({"text": "reply", "parent_id": her_comment})),
    )
    .await;
    send(
        &stack,
        Method::PUT,
        &format!("/v1/posts/{his}/reaction"),
        &alice,
        Some(json!({"kind": "love"})),
    )
    .await;
    send(
        &stack,
        Method::POST,
        "/v1/communities",
        &carol,
        Some(json!({"name": "club", "description": "about", "rules": [], "visibility": "public"})),
    )
    .await;
    send(
        &stack,
        Method::PUT,
        "/v1/communities/club/membership",
        &alice,
        None,
    )
    .await;
    let club_post = id_of(
        &stack,
        Method::POST,
        "/v1/communities/club/posts",
        &carol,
        Some(json!({"title": "t", "text": "x"})),
    )
    .await;
    send(
        &stack,
        Method::PUT,
        &format!("/v1/posts/{club_post}/vote"),
        &alice,
        Some(json!({"value": 1})),
    )
    .await;

    let deleted = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&alice),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");

    eventually("alice's post and its history are gone", async || {
        get(&stack, &format!("/v1/posts/{hers}/history"), &bob)
            .await
            .0
            == StatusCode::NOT_FOUND
    })
    .await;
    nothing_names(&stack, &alice_id).await;
    nothing_names(&stack, &hers).await;
    let check = async || {
        let bob_me = get(&stack, "/v1/me", &bob).await.1;
        let carol_me = get(&stack, "/v1/me", &carol).await.1;
        let his_post = get(&stack, &format!("/v1/posts/{his}"), &bob).await.1;
        let club_post = get(&stack, &format!("/v1/posts/{club_post}"), &carol)
            .await
            .1;
        let club = get(&stack, "/v1/communities/club", &carol).await.1;
        let comment = get(&stack, &format!("/v1/comments/{her_comment}"), &bob)
            .await
            .1;
        let reply = get(&stack, &format!("/v1/comments/{reply_to_her}"), &bob).await;
        let bobs = get(&stack, &format!("/v1/comments/{bobs_comment}"), &bob)
            .await
            .0;
        (
            bob_me["following_count"].clone(),
            carol_me["followers_count"].clone(),
            his_post["reactions"]["love"].clone(),
            club_post["ups"].clone(),
            club["members_count"].clone(),
            comment["deleted"].clone(),
            comment["text"].clone(),
            reply.0,
            bobs,
        )
    };
    let expected = (
        json!(0),
        json!(0),
        json!(0),
        json!(0),
        json!(1),
        json!(true),
        Value::Null,
        StatusCode::OK,
        StatusCode::NOT_FOUND,
    );
    eventually(
        "counts are corrected and her comment is a tombstone",
        async || check().await == expected,
    )
    .await;
    let bookmarks = get(&stack, "/v1/me/bookmarks", &bob).await.1;
    assert_eq!(bookmarks["items"], json!([]));

    // Redelivered, the events change nothing.
    let erase = event_handler("erase-deleted").unwrap().handler;
    for (detail_type, data) in [
        ("user.deleted", json!({"user_id": alice_id})),
        (
            "post.deleted",
            json!({"post_id": hers, "author_id": alice_id, "visibility": "public", "community_id": null, "media": [], "created_at": 0}),
        ),
    ] {
        let event = json!({"source": "kith", "detail-type": detail_type, "detail": {"id": ulid::Ulid::generate().to_string(), "version": 1, "occurred_at": 0, "data": data}});
        erase(stack.app, event).await.unwrap();
    }
    assert_eq!(check().await, expected);
}

#[tokio::test]
async fn a_deleted_post_takes_its_whole_history_with_it() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = stack.post_id(&alice, json!({"text": "v0"})).await;
    // More versions than one page of the history query holds.
    let db = aws_sdk_dynamodb::Client::new(&stack.sdk);
    let versions: Vec<_> = (0..250)
        .map(|i| {
            let item = [
                ("PK", AttributeValue::S(format!("POST#{post}"))),
                ("SK", AttributeValue::S(format!("EDIT#{:013}", 1_000 + i))),
                ("text", AttributeValue::S(format!("v{i}"))),
                ("replaced_at", AttributeValue::N((1_000 + i).to_string())),
            ]
            .map(|(k, v)| (k.to_owned(), v))
            .into();
            aws_sdk_dynamodb::types::WriteRequest::builder()
                .put_request(
                    aws_sdk_dynamodb::types::PutRequest::builder()
                        .set_item(Some(item))
                        .build()
                        .unwrap(),
                )
                .build()
        })
        .collect();
    for chunk in versions.chunks(25) {
        db.batch_write_item()
            .request_items(&stack.table, chunk.to_vec())
            .send()
            .await
            .unwrap();
    }
    send(
        &stack,
        Method::DELETE,
        &format!("/v1/posts/{post}"),
        &alice,
        None,
    )
    .await;
    nothing_names(&stack, &post).await;
}

#[tokio::test]
async fn a_deleted_account_leaves_its_conversations_with_its_messages_tombstoned() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let alice_id = get(&stack, "/v1/me", &alice).await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut others = Vec::new();
    for name in ["bob", "carol"] {
        let (token, _) = stack.signed_in(name).await;
        let open = json!({"allow_from": "everyone"});
        send(
            &stack,
            Method::PATCH,
            "/v1/me/messaging",
            &token,
            Some(open),
        )
        .await;
        others.push(token);
    }
    let bob = &others[0];
    let start = |members: Value, title: Value| json!({"members": members, "title": title});
    let direct = id_of(
        &stack,
        Method::POST,
        "/v1/conversations",
        &alice,
        Some(start(json!(["bob"]), Value::Null)),
    )
    .await;
    let group = id_of(
        &stack,
        Method::POST,
        "/v1/conversations",
        &alice,
        Some(start(json!(["bob", "carol"]), json!("Trio"))),
    )
    .await;
    for convo in [&direct, &group] {
        let body = Some(json!({"text": "from alice"}));
        id_of(
            &stack,
            Method::POST,
            &format!("/v1/conversations/{convo}/messages"),
            &alice,
            body,
        )
        .await;
    }
    let body = Some(json!({"text": "from bob"}));
    id_of(
        &stack,
        Method::POST,
        &format!("/v1/conversations/{direct}/messages"),
        bob,
        body,
    )
    .await;

    let deleted = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&alice),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");
    nothing_names(&stack, &alice_id).await;
    let history = get(&stack, &format!("/v1/conversations/{direct}/messages"), bob)
        .await
        .1;
    let shown: Vec<(Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["text"].clone(), m["deleted"].clone()))
        .collect();
    assert_eq!(
        shown,
        [(json!("from bob"), json!(false)), (json!(""), json!(true))]
    );
    let view = get(&stack, &format!("/v1/conversations/{group}"), bob)
        .await
        .1;
    assert_eq!(view["member_count"], 2);
    assert!(
        view["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["role"] == "owner"),
        "{view}"
    );
}
