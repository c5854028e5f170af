//! Notifications through the local stack: events become grouped or single
//! notifications for the right account, never for the actor nor from
//! blocked or muted accounts; redelivery changes nothing; policy, preferences
//! and post mutes screen them; read, dismiss and requests; live frames.

use futures_util::future::join_all;
use kith_tests::{Stack, eventually, seed_signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn notifications(stack: &Stack, token: &str, query: &str) -> Vec<Value> {
    let reply = stack
        .call(
            Method::GET,
            &format!("/v1/notifications{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["items"].as_array().unwrap().clone()
}

/// Waits until my list (with `query`) has `count` items, and returns them.
async fn listed(stack: &Stack, token: &str, query: &str, count: usize) -> Vec<Value> {
    eventually(&format!("{count} notifications ({query})"), async || {
        notifications(stack, token, query).await.len() >= count
    })
    .await;
    let items = notifications(stack, token, query).await;
    assert_eq!(items.len(), count, "{items:#?}");
    items
}

async fn unread(stack: &Stack, token: &str) -> u64 {
    let reply = stack
        .call(
            Method::GET,
            "/v1/notifications/unread-count",
            Some(token),
            None,
        )
        .await;
    reply.body["unread"].as_u64().unwrap()
}

async fn react(stack: &Stack, token: &str, post: &str, kind: &str) {
    let reply = stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post}/reaction"),
            Some(token),
            Some(json!({"kind": kind})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
}

async fn comment(
    stack: &Stack,
    token: &str,
    post: &str,
    text: &str,
    parent: Option<&str>,
) -> String {
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(token),
            Some(json!({"text": text, "parent_id": parent})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

/// `PATCH /v1/me/notification-settings`.
async fn change_settings(stack: &Stack, token: &str, change: Value) -> kith_tests::Reply {
    stack
        .call(
            Method::PATCH,
            "/v1/me/notification-settings",
            Some(token),
            Some(change),
        )
        .await
}

fn usernames(item: &Value) -> Vec<&str> {
    item["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect()
}

/// Lets the pipeline deliver what is in flight (for asserting that nothing came).
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
}

#[tokio::test]
async fn reactions_group_per_post_with_the_latest_actors_and_a_list_of_all() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = stack.post_id(&alice, json!({"text": "group me"})).await;
    let fans = seed_signed_in(&stack, "fan", 5).await;
    for (_, token) in &fans {
        react(&stack, token, &post, "like").await;
    }
    // A changed reaction and my own say nothing new.
    react(&stack, &fans[0].1, &post, "love").await;
    react(&stack, &alice, &post, "like").await;

    let items = eventually_grouped(&stack, &alice, 5).await;
    assert_eq!(items.len(), 1, "{items:#?}");
    let group = &items[0];
    assert_eq!(group["type"], "reaction");
    assert_eq!(group["target"], format!("post:{post}"));
    assert_eq!(group["unread"], true);
    assert_eq!(usernames(group), ["fan4", "fan3", "fan2"]);
    let actors = stack
        .call(
            Method::GET,
            group["actors_url"].as_str().unwrap(),
            Some(&alice),
            None,
        )
        .await;
    let mut all: Vec<&str> = actors.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, ["fan0", "fan1", "fan2", "fan3", "fan4"]);
    // The flat list has each occurrence; a type filter keeps only its kind.
    assert_eq!(
        notifications(&stack, &alice, "?grouped=false").await.len(),
        5
    );
    assert!(
        notifications(&stack, &alice, "?types=mention,follow")
            .await
            .is_empty()
    );
    assert_eq!(unread(&stack, &alice).await, 1);
    // Nobody else sees, reads or dismisses it.
    let (mallory, _) = stack.signed_in("mallory").await;
    let id = group["id"].as_str().unwrap();
    for (method, path) in [
        (Method::POST, format!("/v1/notifications/{id}/read")),
        (Method::DELETE, format!("/v1/notifications/{id}")),
        (Method::GET, format!("/v1/notifications/{id}/actors")),
    ] {
        stack
            .call(method, &path, Some(&mallory), None)
            .await
            .problem(404);
    }
    assert!(notifications(&stack, &mallory, "").await.is_empty());
}

/// Waits until my one reaction group counts `count` accounts.
async fn eventually_grouped(stack: &Stack, token: &str, count: u64) -> Vec<Value> {
    eventually(&format!("a group of {count}"), async || {
        notifications(stack, token, "?types=reaction")
            .await
            .first()
            .is_some_and(|g| g["count"] == count)
    })
    .await;
    settle().await;
    notifications(stack, token, "").await
}

#[tokio::test]
async fn comments_replies_and_mentions_are_never_grouped_and_reach_the_right_account() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post = stack.post_id(&alice, json!({"text": "talk to me"})).await;
    let first = comment(&stack, &bob, &post, "one", None).await;
    comment(&stack, &bob, &post, "two", None).await;
    comment(&stack, &carol, &post, "answer", Some(&first)).await;
    stack
        .post_id(&carol, json!({"text": "hey @bob and @alice"}))
        .await;

    let mine = listed(&stack, &alice, "", 4).await;
    let kinds: Vec<&str> = mine.iter().map(|n| n["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["mention", "comment", "comment", "comment"]);
    assert!(mine.iter().all(|n| n["count"] == 1));
    let bobs = listed(&stack, &bob, "", 2).await;
    assert_eq!(bobs[0]["type"], "mention");
    assert_eq!(bobs[1]["type"], "reply");
    assert_eq!(bobs[1]["target"], format!("comment:{first}"));
    assert_eq!(usernames(&bobs[1]), ["carol"]);
}

#[tokio::test]
async fn redelivered_events_change_nothing() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let post = stack.post_id(&alice, json!({"text": "again"})).await;
    let me = stack.call(Method::GET, "/v1/me", Some(&alice), None).await;
    let bob_id = stack
        .call(Method::GET, "/v1/me", Some(&bob), None)
        .await
        .body["id"]
        .clone();
    let event = |id: &str, kind: &str| {
        json!({
            "version": "0", "id": "x", "detail-type": "reaction.added", "source": "kith",
            "account": "1", "time": "2026-12-02T12:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"id": id, "version": 1, "occurred_at": 0, "data": {
                "target": format!("post:{post}"), "target_author_id": me.body["id"],
                "user_id": bob_id, "kind": kind, "previous": null}}
        })
    };
    let first = ulid::Ulid::generate().to_string();
    for _ in 0..3 {
        kith::notifications::events::notify(stack.app, event(&first, "like"))
            .await
            .unwrap();
    }
    // Another event from the same account on the same post joins nothing new.
    let second = ulid::Ulid::generate().to_string();
    kith::notifications::events::notify(stack.app, event(&second, "wow"))
        .await
        .unwrap();
    let items = notifications(&stack, &alice, "").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["count"], 1);
    assert_eq!(
        notifications(&stack, &alice, "?grouped=false").await.len(),
        1
    );
}

#[tokio::test]
async fn blocked_and_muted_accounts_and_switched_off_kinds_notify_nothing() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (blocked, _) = stack.signed_in("blocked").await;
    let (muted, _) = stack.signed_in("muted").await;
    let (friend, _) = stack.signed_in("friend").await;
    let post = stack.post_id(&alice, json!({"text": "quiet please"})).await;
    for (who, action) in [("muted", "mute"), ("blocked", "block")] {
        let reply = stack
            .call(
                Method::POST,
                &format!("/v1/users/{who}/{action}"),
                Some(&alice),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    }
    let off = change_settings(
        &stack,
        &alice,
        json!({"preferences": {"comment": {"in_app": false}}}),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK, "{off:?}");
    assert_eq!(off.body["preferences"]["comment"]["in_app"], false);
    assert_eq!(
        off.body["preferences"]["mention"]["push"], true,
        "defaults are shown"
    );
    react(&stack, &muted, &post, "like").await;
    comment(&stack, &muted, &post, "hi", None).await;
    comment(&stack, &friend, &post, "hi", None).await;
    react(&stack, &friend, &post, "like").await;

    let items = listed(&stack, &alice, "", 1).await;
    assert_eq!(items[0]["type"], "reaction");
    assert_eq!(usernames(&items[0]), ["friend"]);
    // A blocked account cannot even comment; were its event to come, it
    // would be screened all the same.
    let blocked_id = stack
        .call(Method::GET, "/v1/me", Some(&blocked), None)
        .await;
    let alice_id = stack.call(Method::GET, "/v1/me", Some(&alice), None).await;
    let notice = kith::notifications::model::Notice {
        user_id: alice_id.body["id"].as_str().unwrap().to_owned(),
        kind: kith::notifications::model::Kind::Mention,
        actor_id: blocked_id.body["id"].as_str().unwrap().to_owned(),
        target: format!("post:{post}"),
        subject: None,
        post_id: Some(post.clone()),
        detail: None,
        event_id: ulid::Ulid::generate().to_string(),
        at: 1,
        private_mention: false,
    };
    let outcome = kith::notifications::service::deliver(stack.app, &notice)
        .await
        .unwrap();
    assert_eq!(outcome, kith::notifications::service::Outcome::Screened);
    settle().await;
    assert_eq!(notifications(&stack, &alice, "").await.len(), 1);
}

#[tokio::test]
async fn read_marks_unread_counts_and_dismissal() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let first = stack.post_id(&alice, json!({"text": "one"})).await;
    let second = stack.post_id(&alice, json!({"text": "two"})).await;
    react(&stack, &bob, &first, "like").await;
    react(&stack, &bob, &second, "like").await;
    comment(&stack, &bob, &second, "yo", None).await;
    let items = listed(&stack, &alice, "", 3).await;
    assert_eq!(unread(&stack, &alice).await, 3);

    let id = items[0]["id"].as_str().unwrap();
    let read = stack
        .call(
            Method::POST,
            &format!("/v1/notifications/{id}/read"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT, "{read:?}");
    assert_eq!(unread(&stack, &alice).await, 2);
    let gone = items[1]["id"].as_str().unwrap();
    let dismissed = stack
        .call(
            Method::DELETE,
            &format!("/v1/notifications/{gone}"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::NO_CONTENT);
    stack
        .call(
            Method::DELETE,
            &format!("/v1/notifications/{gone}"),
            Some(&alice),
            None,
        )
        .await
        .problem(404);
    assert_eq!(notifications(&stack, &alice, "").await.len(), 2);
    assert_eq!(
        notifications(&stack, &alice, "?grouped=false").await.len(),
        2
    );
    assert_eq!(unread(&stack, &alice).await, 1);

    let all = stack
        .call(Method::POST, "/v1/notifications/read", Some(&alice), None)
        .await;
    assert_eq!(all.status, StatusCode::NO_CONTENT);
    assert_eq!(unread(&stack, &alice).await, 0);
    assert!(
        notifications(&stack, &alice, "")
            .await
            .iter()
            .all(|n| n["unread"] == false)
    );

    // New activity in a read group makes it unread again.
    let (carol, _) = stack.signed_in("carol").await;
    react(&stack, &carol, &first, "like").await;
    eventually("the group unread again", async || {
        unread(&stack, &alice).await == 1
    })
    .await;

    // Bad ids and bad queries are 4xx, never 500.
    for path in [
        "/v1/notifications/not%20an%20id/read",
        "/v1/notifications/x/read",
    ] {
        stack
            .call(Method::POST, path, Some(&alice), None)
            .await
            .problem(404);
    }
    for query in [
        "?grouped=maybe",
        "?types=likes",
        "?limit=0",
        "?cursor=forged",
    ] {
        let reply = stack
            .call(
                Method::GET,
                &format!("/v1/notifications{query}"),
                Some(&alice),
                None,
            )
            .await;
        assert!(reply.status.is_client_error(), "{query}: {reply:?}");
    }
    stack
        .call(Method::GET, "/v1/notifications", None, None)
        .await
        .problem(401);
}

#[tokio::test]
async fn the_policy_holds_strangers_in_requests_until_accepted() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (stranger, _) = stack.signed_in("stranger").await;
    let (friend, _) = stack.signed_in("friend").await;
    stack
        .call(Method::POST, "/v1/users/friend/follow", Some(&alice), None)
        .await;
    let set = change_settings(
        &stack,
        &alice,
        json!({"policy": {"for_not_following": "filter"}}),
    )
    .await;
    assert_eq!(set.body["policy"]["for_not_following"], "filter");
    assert_eq!(set.body["policy"]["for_private_mentions"], "filter");
    let post = stack.post_id(&alice, json!({"text": "who's there"})).await;
    comment(&stack, &stranger, &post, "me", None).await;
    comment(&stack, &friend, &post, "me too", None).await;

    let mine = listed(&stack, &alice, "", 1).await;
    assert_eq!(usernames(&mine[0]), ["friend"]);
    let requests = stack
        .call(
            Method::GET,
            "/v1/notifications/requests",
            Some(&alice),
            None,
        )
        .await;
    let held = requests.body["items"].as_array().unwrap();
    assert_eq!(held.len(), 1, "{requests:?}");
    assert_eq!(usernames(&held[0]), ["stranger"]);
    assert_eq!(unread(&stack, &alice).await, 1, "held ones are not counted");

    let id = held[0]["id"].as_str().unwrap();
    let accepted = stack
        .call(
            Method::POST,
            &format!("/v1/notifications/{id}/accept"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{accepted:?}");
    assert_eq!(notifications(&stack, &alice, "").await.len(), 2);
    assert_eq!(
        notifications(&stack, &alice, "?grouped=false").await.len(),
        2
    );
    let requests = stack
        .call(
            Method::GET,
            "/v1/notifications/requests",
            Some(&alice),
            None,
        )
        .await;
    assert!(requests.body["items"].as_array().unwrap().is_empty());
    // Accepting twice, or something not held, is a 404.
    stack
        .call(
            Method::POST,
            &format!("/v1/notifications/{id}/accept"),
            Some(&alice),
            None,
        )
        .await
        .problem(404);
    let bad = change_settings(
        &stack,
        &alice,
        json!({"policy": {"for_not_following": "sometimes"}}),
    )
    .await;
    assert!(bad.status.is_client_error(), "{bad:?}");
    let bad = change_settings(
        &stack,
        &alice,
        json!({"preferences": {"likes": {"push": true}}}),
    )
    .await;
    assert!(bad.status.is_client_error(), "{bad:?}");
}

#[tokio::test]
async fn a_viral_post_mutes_strangers_reactions_and_a_muted_thread_is_silent() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (friend, _) = stack.signed_in("friend").await;
    let (stranger, _) = stack.signed_in("stranger").await;
    stack
        .call(Method::POST, "/v1/users/friend/follow", Some(&alice), None)
        .await;
    let viral = stack.post_id(&alice, json!({"text": "viral"})).await;
    let quiet = stack.post_id(&alice, json!({"text": "quiet"})).await;
    for (post, mode) in [(&viral, "strangers"), (&quiet, "all")] {
        let muted = stack
            .call(
                Method::PUT,
                &format!("/v1/posts/{post}/notification-mute"),
                Some(&alice),
                Some(json!({"mode": mode})),
            )
            .await;
        assert_eq!(muted.status, StatusCode::OK, "{muted:?}");
    }
    react(&stack, &stranger, &viral, "like").await;
    react(&stack, &friend, &viral, "like").await;
    comment(&stack, &stranger, &viral, "still told", None).await;
    comment(&stack, &friend, &quiet, "not told", None).await;
    react(&stack, &friend, &quiet, "like").await;

    let items = listed(&stack, &alice, "", 2).await;
    let kinds: Vec<&str> = items.iter().map(|n| n["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["comment", "reaction"]);
    assert_eq!(usernames(&items[1]), ["friend"]);
    settle().await;
    assert_eq!(notifications(&stack, &alice, "").await.len(), 2);

    // Unmuted, the thread speaks again; a post I cannot see cannot be muted.
    let unmuted = stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{quiet}/notification-mute"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(unmuted.status, StatusCode::NO_CONTENT);
    comment(&stack, &friend, &quiet, "told", None).await;
    listed(&stack, &alice, "", 3).await;
    let missing = ulid::Ulid::generate().to_string();
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{missing}/notification-mute"),
            Some(&alice),
            Some(json!({})),
        )
        .await
        .problem(404);
}

#[tokio::test]
async fn a_deleted_post_takes_its_notifications_with_it() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let post = stack.post_id(&bob, json!({"text": "hi @alice"})).await;
    listed(&stack, &alice, "", 1).await;
    let deleted = stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{post}"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");
    assert!(notifications(&stack, &alice, "").await.is_empty());
    assert!(
        notifications(&stack, &alice, "?grouped=false")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn follows_requests_and_acceptances_notify_and_group_follows() {
    let stack = Stack::start().await;
    let (star, _) = stack.signed_in("star").await;
    let (shy, _) = stack.signed_in("shy").await;
    stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&shy),
            Some(json!({"private": true})),
        )
        .await;
    let fans = seed_signed_in(&stack, "fan", 3).await;
    join_all(
        fans.iter()
            .map(|(_, token)| stack.call(Method::POST, "/v1/users/star/follow", Some(token), None)),
    )
    .await;
    let follows = listed(&stack, &star, "", 1).await;
    assert_eq!(follows[0]["type"], "follow");
    eventually("three follows in one group", async || {
        notifications(&stack, &star, "").await[0]["count"] == 3
    })
    .await;

    let fan0_token = &fans[0].1;
    stack
        .call(Method::POST, "/v1/users/shy/follow", Some(fan0_token), None)
        .await;
    let request = listed(&stack, &shy, "", 1).await;
    assert_eq!(request[0]["type"], "follow_request");
    let accepted = stack
        .call(
            Method::POST,
            "/v1/me/follow-requests/fan0/accept",
            Some(&shy),
            None,
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{accepted:?}");
    let answer = listed(&stack, fan0_token, "?types=follow_accepted", 1).await;
    assert_eq!(usernames(&answer[0]), ["shy"]);
    settle().await;
    assert_eq!(
        notifications(&stack, &shy, "").await.len(),
        1,
        "no follow on top of it"
    );
}

#[tokio::test]
async fn a_connected_account_gets_the_notification_and_its_unread_count_live() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let post = stack.post_id(&alice, json!({"text": "live"})).await;
    let mut socket = stack.connect(&alice).await.unwrap();
    react(&stack, &bob, &post, "like").await;
    let frame = loop {
        let frame = socket.next(20).await.expect("a notification frame");
        if frame["type"] == "notification" {
            break frame;
        }
    };
    assert_eq!(frame["notification"]["type"], "reaction");
    assert_eq!(frame["notification"]["actors"][0]["username"], "bob");
    assert_eq!(frame["unread"], 1);
    socket.close().await;
}

#[tokio::test]
async fn an_unread_message_notifies_after_the_delay_and_a_read_one_does_not() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    stack
        .call(
            Method::PATCH,
            "/v1/me/messaging",
            Some(&alice),
            Some(json!({"allow_from": "everyone"})),
        )
        .await;
    let convo = stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(&bob),
            Some(json!({"members": ["alice"]})),
        )
        .await;
    let convo = convo.body["id"].as_str().unwrap().to_owned();
    let send = async |text: &str| {
        let reply = stack
            .call(
                Method::POST,
                &format!("/v1/conversations/{convo}/messages"),
                Some(&bob),
                Some(json!({"text": text})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        reply.body["id"].as_str().unwrap().to_owned()
    };
    send("are you there?").await;
    send("hello?").await;
    let messages = listed(&stack, &alice, "?types=message", 1).await;
    assert_eq!(messages[0]["target"], format!("conversation:{convo}"));
    assert_eq!(usernames(&messages[0]), ["bob"]);
    // Read at once, the next message needs no notification.
    let next = send("ok, later").await;
    let read = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/read"),
            Some(&alice),
            Some(json!({"message_id": next})),
        )
        .await;
    assert!(read.status.is_success(), "{read:?}");
    tokio::time::sleep(std::time::Duration::from_secs(
        kith::notifications::model::MESSAGE_DELAY_SECS as u64 + 5,
    ))
    .await;
    assert_eq!(
        notifications(&stack, &alice, "?types=message").await.len(),
        1
    );
}

async fn register_device(stack: &Stack, token: &str, platform: &str, device_token: &str) -> Value {
    let reply = stack
        .call(
            Method::POST,
            "/v1/me/devices",
            Some(token),
            Some(json!({"platform": platform, "token": device_token})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body
}

async fn devices(stack: &Stack, token: &str) -> Vec<Value> {
    let reply = stack
        .call(Method::GET, "/v1/me/devices", Some(token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["items"].as_array().unwrap().clone()
}

/// The FCM payload of each push to a device, in order.
async fn fcm_pushes(stack: &Stack, device_token: &str) -> Vec<Value> {
    let (_, messages) = stack.pushes_to(device_token).await;
    messages
        .iter()
        .map(|m| serde_json::from_str::<Value>(m["GCM"].as_str().unwrap()).unwrap())
        .map(|fcm| fcm["fcmV1Message"]["message"].clone())
        .collect()
}

fn device_token() -> String {
    format!("fcm-{}", ulid::Ulid::generate())
}

#[tokio::test]
async fn devices_register_once_move_with_their_token_and_stay_private() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    let first = register_device(&stack, &alice, "fcm", &token).await;
    let again = register_device(&stack, &alice, "fcm", &token).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(devices(&stack, &alice).await.len(), 1);
    register_device(&stack, &alice, "apns", &"ab12".repeat(16)).await;
    assert_eq!(devices(&stack, &alice).await.len(), 2);

    // Bob signs in on Alice's phone: the device is his now, not hers.
    register_device(&stack, &bob, "fcm", &token).await;
    let hers: Vec<String> = devices(&stack, &alice)
        .await
        .iter()
        .map(|d| d["platform"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(hers, ["apns"]);
    let id = first["id"].as_str().unwrap();
    stack
        .call(
            Method::DELETE,
            &format!("/v1/me/devices/{id}"),
            Some(&alice),
            None,
        )
        .await
        .problem(404);
    let removed = stack
        .call(
            Method::DELETE,
            &format!("/v1/me/devices/{id}"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert!(devices(&stack, &bob).await.is_empty());

    for body in [
        json!({"platform": "fcm", "token": ""}),
        json!({"platform": "fcm", "token": "has space"}),
        json!({"platform": "webpush", "token": "x"}),
        json!({"platform": "fcm"}),
    ] {
        let reply = stack
            .call(
                Method::POST,
                "/v1/me/devices",
                Some(&alice),
                Some(body.clone()),
            )
            .await;
        assert!(reply.status.is_client_error(), "{body}: {reply:?}");
    }
}

#[tokio::test]
async fn pushes_carry_the_badge_and_collapse_key_and_follow_the_preferences() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    register_device(&stack, &alice, "fcm", &token).await;
    let post = stack.post_id(&alice, json!({"text": "push me"})).await;
    comment(&stack, &bob, &post, "hello", None).await;
    react(&stack, &bob, &post, "like").await;
    let items = listed(&stack, &alice, "", 2).await;
    settle().await;
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(
        pushes.len(),
        1,
        "reactions are not pushed by default: {pushes:#?}"
    );
    let push = &pushes[0];
    assert_eq!(push["notification"]["body"], "bob commented on your post");
    let comment_id = items.iter().find(|n| n["type"] == "comment").unwrap()["id"].clone();
    assert_eq!(push["android"]["collapse_key"], comment_id);
    assert_eq!(push["android"]["notification"]["notification_count"], 1);

    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"reaction": {"push": true}, "comment": {"push": false}}}),
    )
    .await;
    let (carol, _) = stack.signed_in("carol").await;
    react(&stack, &carol, &post, "love").await;
    comment(&stack, &carol, &post, "me too", None).await;
    eventually("the reaction pushed", async || {
        fcm_pushes(&stack, &token).await.len() >= 2
    })
    .await;
    settle().await;
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(pushes.len(), 2, "{pushes:#?}");
    // moto's dump does not keep the order of an endpoint's messages.
    let reaction = pushes
        .iter()
        .find(|p| p["notification"]["body"] == "carol and 1 other reacted to your post")
        .unwrap_or_else(|| panic!("the reaction's push: {pushes:#?}"));
    assert_eq!(reaction["android"]["notification"]["notification_count"], 2);
}

#[tokio::test]
async fn a_disabled_endpoint_loses_its_device_on_push_or_on_the_failure_event() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let uninstalled = device_token();
    let expired = device_token();
    register_device(&stack, &alice, "fcm", &uninstalled).await;
    register_device(&stack, &alice, "fcm", &expired).await;
    let sns = aws_sdk_sns::Client::new(&stack.sdk);
    let (endpoint, _) = stack.pushes_to(&uninstalled).await;
    sns.set_endpoint_attributes()
        .endpoint_arn(&endpoint)
        .attributes("Enabled", "false")
        .send()
        .await
        .unwrap();
    // SNS reports the other one's failure on the platform application's topic.
    let (expired_endpoint, _) = stack.pushes_to(&expired).await;
    let message = json!({"EndpointArn": expired_endpoint, "EventType": "DeliveryFailure",
                         "FailureType": "InvalidPlatformToken"});
    let failure =
        json!({"Records": [{"EventSource": "aws:sns", "Sns": {"Message": message.to_string()}}]});
    for _ in 0..2 {
        kith::notifications::events::push_failures(stack.app, failure.clone())
            .await
            .unwrap();
    }
    assert_eq!(devices(&stack, &alice).await.len(), 1);

    let post = stack.post_id(&alice, json!({"text": "anyone?"})).await;
    comment(&stack, &bob, &post, "me", None).await;
    listed(&stack, &alice, "", 1).await;
    eventually("the disabled device removed", async || {
        devices(&stack, &alice).await.is_empty()
    })
    .await;
    // Registering the reinstalled app's token enables its endpoint again.
    register_device(&stack, &alice, "fcm", &uninstalled).await;
    comment(&stack, &bob, &post, "again", None).await;
    eventually("a push to the re-enabled endpoint", async || {
        !fcm_pushes(&stack, &uninstalled).await.is_empty()
    })
    .await;
}

#[tokio::test]
async fn quiet_hours_hold_pushes_and_send_one_summary_after() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    register_device(&stack, &alice, "fcm", &token).await;
    let now = time::OffsetDateTime::now_utc();
    let hhmm = |t: time::OffsetDateTime| format!("{:02}:{:02}", t.hour(), t.minute());
    let hour = time::Duration::hours(1);
    let quiet = json!({"start": hhmm(now - hour), "end": hhmm(now + hour), "time_zone": "UTC"});
    let set = change_settings(&stack, &alice, json!({"quiet_hours": quiet})).await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    assert_eq!(set.body["quiet_hours"]["time_zone"], "UTC");
    let post = stack.post_id(&alice, json!({"text": "night"})).await;
    comment(&stack, &bob, &post, "one", None).await;
    comment(&stack, &bob, &post, "two", None).await;
    listed(&stack, &alice, "", 2).await;
    settle().await;
    assert!(
        fcm_pushes(&stack, &token).await.is_empty(),
        "held while quiet"
    );

    // Nothing is due yet; two hours on, one summary for both.
    let now_ms = kith::platform::clock::now_ms();
    assert_eq!(
        kith::notifications::push::release(stack.app, now_ms)
            .await
            .unwrap(),
        0
    );
    let later = now_ms + 2 * 3_600_000;
    assert_eq!(
        kith::notifications::push::release(stack.app, later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        kith::notifications::push::release(stack.app, later)
            .await
            .unwrap(),
        0
    );
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(pushes.len(), 1, "{pushes:#?}");
    assert_eq!(
        pushes[0]["notification"]["body"],
        "2 new notifications while you were away"
    );
    assert_eq!(
        pushes[0]["android"]["notification"]["notification_count"],
        2
    );

    for bad in [
        json!({"start": "24:00", "end": "07:00", "time_zone": "UTC"}),
        json!({"start": "22:00", "end": "07:00", "time_zone": "Nowhere/City"}),
        json!({"start": "22:00", "end": "22:00", "time_zone": "UTC"}),
        json!({"start": "22:00", "time_zone": "UTC"}),
    ] {
        let reply = change_settings(&stack, &alice, json!({"quiet_hours": bad})).await;
        assert!(reply.status.is_client_error(), "{bad}: {reply:?}");
    }
    let cleared = change_settings(&stack, &alice, json!({"quiet_hours": null})).await;
    assert!(cleared.body["quiet_hours"].is_null(), "{cleared:?}");
}

/// Registers `username`, verifies its address through the emailed link and
/// signs in: (access token, address).
async fn verified(stack: &Stack, username: &str) -> (String, String) {
    let email = stack.register(username).await;
    let token = stack.link_token(&email, "verify-email").await;
    let reply = stack
        .post("/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    let login = stack.login(username, kith_tests::PASSWORD).await;
    (
        login.body["access_token"].as_str().unwrap().to_owned(),
        email,
    )
}

/// The notification emails to `to` (the verification email left out).
async fn notification_emails(stack: &Stack, to: &str) -> Vec<(String, String)> {
    stack
        .emails_to(to)
        .await
        .into_iter()
        .filter(|(subject, _)| !subject.starts_with("Verify"))
        .collect()
}

#[tokio::test]
async fn emails_go_to_verified_addresses_unsubscribe_in_one_click_and_stop_at_a_bounce() {
    let stack = Stack::start().await;
    let (alice, address) = verified(&stack, "alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"comment": {"email": true}}}),
    )
    .await;
    let post = stack.post_id(&alice, json!({"text": "mail me"})).await;
    comment(&stack, &bob, &post, "hi", None).await;
    eventually("a notification email", async || {
        !notification_emails(&stack, &address).await.is_empty()
    })
    .await;
    let emails = notification_emails(&stack, &address).await;
    let (subject, body) = &emails[0];
    assert_eq!(subject, "bob commented on your post");
    let token = body
        .split("unsubscribe?token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an unsubscribe link")
        .to_owned();

    // The one-click POST (RFC 8058) turns that type's email off, with no sign-in.
    let once = stack
        .http
        .post(format!(
            "{}/v1/notifications/unsubscribe?token={token}",
            stack.base
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(once.status(), StatusCode::OK);
    let settings = stack
        .call(
            Method::GET,
            "/v1/me/notification-settings",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(settings.body["preferences"]["comment"]["email"], false);
    assert_eq!(settings.body["preferences"]["moderation"]["email"], true);
    let forged = stack
        .http
        .post(format!(
            "{}/v1/notifications/unsubscribe?token={token}x",
            stack.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    comment(&stack, &bob, &post, "again", None).await;
    listed(&stack, &alice, "?types=comment", 2).await;
    settle().await;
    assert_eq!(notification_emails(&stack, &address).await.len(), 1);

    // A permanent bounce suppresses the address for every email.
    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"comment": {"email": true}}}),
    )
    .await;
    let bounce = json!({"eventType": "Bounce", "bounce": {"bounceType": "Permanent",
        "bouncedRecipients": [{"emailAddress": address.to_uppercase()}]}});
    let transient = json!({"eventType": "Bounce", "bounce": {"bounceType": "Transient",
        "bouncedRecipients": [{"emailAddress": "full@example.com"}]}});
    let feedback = json!({"Records": [
        {"Sns": {"Message": bounce.to_string()}},
        {"Sns": {"Message": transient.to_string()}},
        {"Sns": {"Message": "not json"}},
    ]});
    let outcome = kith::notifications::events::email_feedback(stack.app, feedback)
        .await
        .unwrap();
    assert_eq!(outcome["suppressed"], 1);
    assert!(stack.app.store.suppressed(&address).await.unwrap());
    assert!(
        !stack
            .app
            .store
            .suppressed("full@example.com")
            .await
            .unwrap()
    );
    comment(&stack, &bob, &post, "third", None).await;
    listed(&stack, &alice, "?types=comment", 3).await;
    let reset = stack
        .post("/v1/auth/forgot-password", json!({"email": address}))
        .await;
    assert!(reset.status.is_success(), "{reset:?}");
    settle().await;
    assert_eq!(notification_emails(&stack, &address).await.len(), 1);
    assert_eq!(
        stack.emails_to(&address).await.len(),
        2,
        "no reset email to a suppressed address either"
    );
}

#[tokio::test]
async fn an_erased_actor_leaves_the_groups_it_was_in() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post = stack.post_id(&alice, json!({"text": "who stays"})).await;
    react(&stack, &bob, &post, "like").await;
    react(&stack, &carol, &post, "like").await;
    eventually_grouped(&stack, &alice, 2).await;
    let gone = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&carol),
            Some(json!({"password": kith_tests::PASSWORD})),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{gone:?}");
    eventually("carol out of the group", async || {
        notifications(&stack, &alice, "")
            .await
            .first()
            .is_some_and(|g| g["count"] == 1)
    })
    .await;
    let group = &notifications(&stack, &alice, "").await[0];
    assert_eq!(usernames(group), ["bob"]);
    let actors = stack
        .call(
            Method::GET,
            group["actors_url"].as_str().unwrap(),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(actors.body["items"].as_array().unwrap().len(), 1);
}
