//! Notifications through the local stack: events become grouped or single
//! notifications for the right account, never for the actor nor from
//! blocked or muted accounts; redelivery changes nothing; policy, preferences
//! and post mutes screen them; read, dismiss and requests; live frames;
//! erasure. (Push and email: notification_channels.rs.)

use futures_util::future::join_all;
use kith_tests::notifications::{
    change_settings, comment, listed, notifications, react, settle, unread, usernames,
};
use kith_tests::{Stack, eventually, seed_signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

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

#[tokio::test]
async fn reposts_group_and_quotes_stand_alone() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post = stack.post_id(&alice, json!({"text": "share me"})).await;
    for token in [&bob, &carol] {
        let reply = stack
            .call(
                Method::POST,
                &format!("/v1/posts/{post}/repost"),
                Some(token),
                None,
            )
            .await;
        assert!(reply.status.is_success(), "{reply:?}");
    }
    stack
        .post_id(&bob, json!({"text": "so true", "quote_of": post}))
        .await;
    let items = listed(&stack, &alice, "", 2).await;
    let kinds: Vec<&str> = items.iter().map(|n| n["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["quote", "repost"]);
    assert_eq!(items[1]["count"], 2);
    assert_eq!(usernames(&items[1]), ["carol", "bob"]);
    assert_eq!(items[0]["target"], format!("post:{post}"));
}

#[tokio::test]
async fn moderators_decisions_reach_the_account_concerned_and_never_the_moderator() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let call = async |method: Method, path: &str, token: &str, body: Option<Value>| {
        let reply = stack.call(method, path, Some(token), body).await;
        assert!(reply.status.is_success(), "{path}: {reply:?}");
        reply
    };
    let club =
        json!({"name": "club", "description": "about", "rules": [], "visibility": "private"});
    let created = call(Method::POST, "/v1/communities", &alice, Some(club)).await;
    let community = created.body["id"].as_str().unwrap().to_owned();
    for (name, token) in [("bob", &bob), ("carol", &carol)] {
        call(Method::PUT, "/v1/communities/club/membership", token, None).await;
        let approve = format!("/v1/communities/club/join-requests/{name}/approve");
        call(Method::POST, &approve, &alice, None).await;
    }
    let approved = listed(&stack, &bob, "?types=join_approved", 1).await;
    assert_eq!(approved[0]["target"], format!("community:{community}"));
    assert_eq!(usernames(&approved[0]), ["alice"]);

    // A moderator's lock tells the author; a resolved report, the reporter.
    let post = json!({"title": "loud", "text": "very loud"});
    let posted = call(
        Method::POST,
        "/v1/communities/club/posts",
        &carol,
        Some(post),
    )
    .await;
    let post = posted.body["id"].as_str().unwrap().to_owned();
    call(Method::PUT, &format!("/v1/posts/{post}/lock"), &alice, None).await;
    let report = json!({"target": format!("post:{post}"), "reason": "spam"});
    let filed = call(Method::POST, "/v1/reports", &bob, Some(report)).await;
    let report = filed.body["id"].as_str().unwrap().to_owned();
    let resolution = json!({"resolution": "dismissed"});
    let path = format!("/v1/reports/{report}/resolution");
    call(Method::POST, &path, &alice, Some(resolution)).await;

    let moderated = listed(&stack, &carol, "?types=moderation", 1).await;
    assert_eq!(moderated[0]["target"], format!("post:{post}"));
    assert_eq!(moderated[0]["detail"], "lock");
    let resolved = listed(&stack, &bob, "?types=report_resolved", 1).await;
    assert_eq!(resolved[0]["target"], format!("report:{report}"));
    assert_eq!(resolved[0]["detail"], "dismissed");
    settle().await;
    assert!(
        notifications(&stack, &alice, "").await.is_empty(),
        "the moderator hears nothing of her own decisions"
    );
}
