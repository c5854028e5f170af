//! The follow graph through the local host: follows and exact counts (under
//! retries and races), lists with cursors, private accounts, blocks, mutes.

use futures_util::future::join_all;
use kith_tests::Stack;
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn counts(stack: &Stack, username: &str) -> (u64, u64) {
    let profile = stack
        .call(Method::GET, &format!("/v1/users/{username}"), None, None)
        .await
        .body;
    (
        profile["followers_count"].as_u64().unwrap(),
        profile["following_count"].as_u64().unwrap(),
    )
}

fn usernames(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn follow_and_unfollow_keep_counts_exact_under_retries() {
    let stack = Stack::start().await;
    let (ann, _) = stack.signed_in("ann").await;
    stack.signed_in("ben").await;
    for _ in 0..3 {
        let reply = stack
            .call(Method::POST, "/v1/users/ben/follow", Some(&ann), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(reply.body["state"], "following");
    }
    assert_eq!(counts(&stack, "ben").await, (1, 0));
    assert_eq!(counts(&stack, "ann").await, (0, 1));
    for _ in 0..3 {
        let reply = stack
            .call(Method::DELETE, "/v1/users/BEN/follow", Some(&ann), None)
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    assert_eq!(counts(&stack, "ben").await, (0, 0));
    assert_eq!(counts(&stack, "ann").await, (0, 0));
}

#[tokio::test]
async fn concurrent_follows_count_once_and_many_followers_count_exactly() {
    let stack = Stack::start().await;
    stack.signed_in("star").await;
    let (fan, _) = stack.signed_in("fan").await;
    // The same follow raced ten times counts once.
    let replies = join_all(
        (0..10).map(|_| stack.call(Method::POST, "/v1/users/star/follow", Some(&fan), None)),
    )
    .await;
    assert!(
        replies.iter().all(|r| r.status == StatusCode::OK),
        "{replies:?}"
    );
    assert_eq!(counts(&stack, "star").await, (1, 0));
    // Twelve different followers at once all count.
    let mut tokens = Vec::new();
    for i in 0..12 {
        tokens.push(stack.signed_in(&format!("fan{i}")).await.0);
    }
    join_all(
        tokens
            .iter()
            .map(|t| stack.call(Method::POST, "/v1/users/star/follow", Some(t), None)),
    )
    .await;
    assert_eq!(counts(&stack, "star").await, (13, 0));
    // Racing follow and unfollow of one pair leaves counts matching the edge.
    let mixed = (0..10).map(|i| {
        let method = if i % 2 == 0 {
            Method::POST
        } else {
            Method::DELETE
        };
        stack.call(method, "/v1/users/star/follow", Some(&fan), None)
    });
    join_all(mixed).await;
    let followers = stack
        .call(
            Method::GET,
            "/v1/users/star/followers?limit=100",
            Some(&fan),
            None,
        )
        .await;
    let listed = usernames(&followers.body).len() as u64;
    assert_eq!(counts(&stack, "star").await.0, listed);
}

#[tokio::test]
async fn lists_page_newest_first_with_cursors() {
    let stack = Stack::start().await;
    let (hub, _) = stack.signed_in("hub").await;
    for i in 0..5 {
        let (t, _) = stack.signed_in(&format!("member{i}")).await;
        stack
            .call(Method::POST, "/v1/users/hub/follow", Some(&t), None)
            .await;
        stack
            .call(
                Method::POST,
                &format!("/v1/users/member{i}/follow"),
                Some(&hub),
                None,
            )
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/v1/users/hub/followers?limit=2".to_owned();
    loop {
        let page = stack.call(Method::GET, &path, Some(&hub), None).await;
        assert_eq!(page.status, StatusCode::OK, "{page:?}");
        assert!(page.body["items"].as_array().unwrap().len() <= 2);
        seen.extend(usernames(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/users/hub/followers?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["member4", "member3", "member2", "member1", "member0"]
    );
    let following = stack
        .call(Method::GET, "/v1/users/hub/following", Some(&hub), None)
        .await;
    assert_eq!(
        usernames(&following.body),
        ["member4", "member3", "member2", "member1", "member0"]
    );
    assert_eq!(following.body["next_cursor"], Value::Null);
}

#[tokio::test]
async fn tampered_or_foreign_cursors_and_bad_limits_are_400() {
    let stack = Stack::start().await;
    let (a, _) = stack.signed_in("cur_a").await;
    for i in 0..3 {
        let (t, _) = stack.signed_in(&format!("cur{i}")).await;
        stack
            .call(Method::POST, "/v1/users/cur_a/follow", Some(&t), None)
            .await;
    }
    let page = stack
        .call(
            Method::GET,
            "/v1/users/cur_a/followers?limit=1",
            Some(&a),
            None,
        )
        .await;
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let (payload, tag) = cursor.split_once('.').unwrap();
    let tampered = format!("{}x.{tag}", &payload[..payload.len() - 1]);
    for bad in [tampered.as_str(), "garbage", "a.b"] {
        stack
            .call(
                Method::GET,
                &format!("/v1/users/cur_a/followers?cursor={bad}"),
                Some(&a),
                None,
            )
            .await
            .problem(400);
    }
    // A cursor from one list does not open another.
    stack
        .call(
            Method::GET,
            &format!("/v1/users/cur_a/following?cursor={cursor}"),
            Some(&a),
            None,
        )
        .await
        .problem(400);
    stack
        .call(
            Method::GET,
            &format!("/v1/users/cur0/followers?cursor={cursor}"),
            Some(&a),
            None,
        )
        .await
        .problem(400);
    for limit in ["0", "101", "-1", "ten"] {
        stack
            .call(
                Method::GET,
                &format!("/v1/users/cur_a/followers?limit={limit}"),
                Some(&a),
                None,
            )
            .await
            .problem(400);
    }
}

#[tokio::test]
async fn private_accounts_get_requests_that_the_owner_accepts_or_rejects() {
    let stack = Stack::start().await;
    let (owner, _) = stack.signed_in("priv").await;
    stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&owner),
            Some(serde_json::json!({"private": true})),
        )
        .await;
    let (asker, _) = stack.signed_in("asker").await;
    let (other, _) = stack.signed_in("other").await;

    let reply = stack
        .call(Method::POST, "/v1/users/priv/follow", Some(&asker), None)
        .await;
    assert_eq!(reply.body["state"], "requested");
    stack
        .call(Method::POST, "/v1/users/priv/follow", Some(&other), None)
        .await;
    assert_eq!(counts(&stack, "priv").await, (0, 0));
    // Connections of a private account are hidden from non-followers.
    stack
        .call(Method::GET, "/v1/users/priv/followers", Some(&asker), None)
        .await
        .problem(403);

    let requests = stack
        .call(Method::GET, "/v1/me/follow-requests", Some(&owner), None)
        .await;
    assert_eq!(usernames(&requests.body), ["other", "asker"]);
    // Only the owner sees their requests: others see their own (empty) list.
    let theirs = stack
        .call(Method::GET, "/v1/me/follow-requests", Some(&asker), None)
        .await;
    assert!(usernames(&theirs.body).is_empty());

    for _ in 0..2 {
        let accepted = stack
            .call(
                Method::POST,
                "/v1/me/follow-requests/asker/accept",
                Some(&owner),
                None,
            )
            .await;
        assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{accepted:?}");
    }
    let rejected = stack
        .call(
            Method::DELETE,
            "/v1/me/follow-requests/other",
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(rejected.status, StatusCode::NO_CONTENT);
    assert_eq!(counts(&stack, "priv").await, (1, 0));
    assert_eq!(counts(&stack, "asker").await, (0, 1));
    stack
        .call(
            Method::POST,
            "/v1/me/follow-requests/other/accept",
            Some(&owner),
            None,
        )
        .await
        .problem(404);
    let followers = stack
        .call(Method::GET, "/v1/users/priv/followers", Some(&asker), None)
        .await;
    assert_eq!(usernames(&followers.body), ["asker"]);
    // A user cannot accept requests made to someone else.
    stack
        .call(Method::POST, "/v1/users/priv/follow", Some(&other), None)
        .await;
    stack
        .call(
            Method::POST,
            "/v1/me/follow-requests/other/accept",
            Some(&asker),
            None,
        )
        .await
        .problem(404);
    assert_eq!(counts(&stack, "priv").await, (1, 0));
}

#[tokio::test]
async fn blocking_removes_follows_both_ways_and_prevents_following() {
    let stack = Stack::start().await;
    let (blocker, _) = stack.signed_in("blocker").await;
    let (pest, _) = stack.signed_in("pest").await;
    stack
        .call(Method::POST, "/v1/users/pest/follow", Some(&blocker), None)
        .await;
    stack
        .call(Method::POST, "/v1/users/blocker/follow", Some(&pest), None)
        .await;
    assert_eq!(counts(&stack, "blocker").await, (1, 1));

    for _ in 0..2 {
        let blocked = stack
            .call(Method::POST, "/v1/users/pest/block", Some(&blocker), None)
            .await;
        assert_eq!(blocked.status, StatusCode::NO_CONTENT, "{blocked:?}");
    }
    assert_eq!(counts(&stack, "blocker").await, (0, 0));
    assert_eq!(counts(&stack, "pest").await, (0, 0));
    stack
        .call(Method::POST, "/v1/users/blocker/follow", Some(&pest), None)
        .await
        .problem(403);
    stack
        .call(Method::POST, "/v1/users/pest/follow", Some(&blocker), None)
        .await
        .problem(403);
    stack
        .call(
            Method::GET,
            "/v1/users/blocker/followers",
            Some(&pest),
            None,
        )
        .await
        .problem(403);
    let blocks = stack
        .call(Method::GET, "/v1/me/blocks", Some(&blocker), None)
        .await;
    assert_eq!(usernames(&blocks.body), ["pest"]);

    let unblocked = stack
        .call(Method::DELETE, "/v1/users/pest/block", Some(&blocker), None)
        .await;
    assert_eq!(unblocked.status, StatusCode::NO_CONTENT);
    assert!(
        usernames(
            &stack
                .call(Method::GET, "/v1/me/blocks", Some(&blocker), None)
                .await
                .body
        )
        .is_empty()
    );
    assert_eq!(
        stack
            .call(Method::POST, "/v1/users/blocker/follow", Some(&pest), None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn mutes_are_listed_and_idempotent() {
    let stack = Stack::start().await;
    let (me, _) = stack.signed_in("muter").await;
    stack.signed_in("loud").await;
    for _ in 0..2 {
        let reply = stack
            .call(Method::POST, "/v1/users/loud/mute", Some(&me), None)
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    assert_eq!(
        usernames(
            &stack
                .call(Method::GET, "/v1/me/mutes", Some(&me), None)
                .await
                .body
        ),
        ["loud"]
    );
    stack
        .call(Method::DELETE, "/v1/users/loud/mute", Some(&me), None)
        .await;
    assert!(
        usernames(
            &stack
                .call(Method::GET, "/v1/me/mutes", Some(&me), None)
                .await
                .body
        )
        .is_empty()
    );
}

#[tokio::test]
async fn graph_routes_refuse_bad_targets() {
    let stack = Stack::start().await;
    let (me, _) = stack.signed_in("solo").await;
    let myself = stack
        .call(Method::POST, "/v1/users/solo/follow", Some(&me), None)
        .await;
    myself.problem(422);
    stack
        .call(Method::POST, "/v1/users/ghost/follow", Some(&me), None)
        .await
        .problem(404);
    stack
        .call(Method::POST, "/v1/users/solo/block", Some(&me), None)
        .await
        .problem(422);
    stack
        .call(Method::POST, "/v1/users/ghost/follow", None, None)
        .await
        .problem(401);
    stack
        .call(Method::GET, "/v1/me/blocks", None, None)
        .await
        .problem(401);
}
