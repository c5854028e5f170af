//! Reactions and bookmarks through the local host: exact counts under
//! concurrency, replacing and removing, visibility and blocks, bad input.

use futures_util::future::join_all;
use kith_tests::{Stack, seed_signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

async fn react(stack: &Stack, token: &str, target: &str, kind: &str) -> StatusCode {
    stack
        .call(
            Method::PUT,
            &format!("{target}/reaction"),
            Some(token),
            Some(json!({"kind": kind})),
        )
        .await
        .status
}

async fn counts(stack: &Stack, token: &str, target: &str) -> BTreeMap<String, u64> {
    let reply = stack.call(Method::GET, target, Some(token), None).await;
    serde_json::from_value(reply.body["reactions"].clone()).unwrap()
}

/// Every reaction item, paged through: the truth the counts must match.
async fn listed(stack: &Stack, token: &str, target: &str) -> BTreeMap<String, u64> {
    let mut tally = BTreeMap::new();
    let mut cursor = String::new();
    loop {
        let page = stack
            .call(
                Method::GET,
                &format!("{target}/reactions?limit=100{cursor}"),
                Some(token),
                None,
            )
            .await;
        for item in page.body["items"].as_array().unwrap() {
            *tally
                .entry(item["kind"].as_str().unwrap().to_owned())
                .or_insert(0) += 1;
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return tally,
        }
    }
}

fn nonzero(counts: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    counts.into_iter().filter(|(_, n)| *n > 0).collect()
}

#[tokio::test]
async fn concurrent_reactions_are_counted_exactly() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = format!(
        "/v1/posts/{}",
        stack.post_id(&alice, json!({"text": "react!"})).await
    );
    let fans = seed_signed_in(&stack, "fan", 50).await;
    let (_, fickle) = &fans[0];
    let kinds = [
        "like", "love", "haha", "like", "wow", "like", "sad", "angry",
    ];
    let mut requests: Vec<_> = fans
        .iter()
        .map(|(_, token)| react(&stack, token, &post, "like"))
        .collect();
    requests.extend(kinds.iter().map(|kind| react(&stack, fickle, &post, kind)));
    let statuses = join_all(requests).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::NO_CONTENT),
        "{statuses:?}"
    );

    let stored = nonzero(counts(&stack, &alice, &post).await);
    assert_eq!(
        stored.values().sum::<u64>(),
        50,
        "one reaction per account: {stored:?}"
    );
    assert_eq!(
        stored,
        listed(&stack, &alice, &post).await,
        "counts equal the reactions stored"
    );

    // Changing moves one count; repeating changes nothing; removing takes it away.
    let (_, steady) = &fans[1];
    for _ in 0..3 {
        assert_eq!(
            react(&stack, steady, &post, "love").await,
            StatusCode::NO_CONTENT
        );
    }
    let after = counts(&stack, &alice, &post).await;
    assert_eq!(after["like"] + 1, stored["like"]);
    assert_eq!(after["love"], stored.get("love").copied().unwrap_or(0) + 1);
    for _ in 0..2 {
        let removed = stack
            .call(
                Method::DELETE,
                &format!("{post}/reaction"),
                Some(steady),
                None,
            )
            .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
    }
    let removed = counts(&stack, &alice, &post).await;
    assert_eq!(removed["love"] + 1, after["love"]);
    assert_eq!(nonzero(removed), listed(&stack, &alice, &post).await);
}

#[tokio::test]
async fn comments_take_reactions_and_blocks_are_respected() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post_id = stack.post_id(&alice, json!({"text": "hello"})).await;
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post_id}/comments"),
            Some(&bob),
            Some(json!({"text": "hi"})),
        )
        .await;
    let comment = format!("/v1/comments/{}", reply.body["id"].as_str().unwrap());
    assert_eq!(
        react(&stack, &alice, &comment, "haha").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        react(&stack, &carol, &comment, "haha").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(counts(&stack, &alice, &comment).await["haha"], 2);

    // Bob blocks carol: carol can no longer react to bob's comment, and
    // bob no longer sees carol among those who reacted.
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&bob), None)
        .await;
    assert_eq!(
        react(&stack, &carol, &comment, "love").await,
        StatusCode::FORBIDDEN
    );
    let seen_by_bob = stack
        .call(
            Method::GET,
            &format!("{comment}/reactions"),
            Some(&bob),
            None,
        )
        .await;
    let users: Vec<&str> = seen_by_bob.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user"]["username"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["alice"]);

    // A followers-only post is out of reach for others; so is a blocker's post.
    let private = format!(
        "/v1/posts/{}",
        stack
            .post_id(
                &alice,
                json!({"text": "inner circle", "visibility": "followers"})
            )
            .await
    );
    assert_eq!(
        react(&stack, &carol, &private, "like").await,
        StatusCode::NOT_FOUND
    );
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&carol), None)
        .await;
    assert_eq!(
        react(&stack, &carol, &private, "like").await,
        StatusCode::NO_CONTENT
    );
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&alice), None)
        .await;
    assert_eq!(
        react(&stack, &carol, &format!("/v1/posts/{post_id}"), "like").await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_reaction_input_is_4xx() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = format!(
        "/v1/posts/{}",
        stack.post_id(&alice, json!({"text": "x"})).await
    );
    let reply = stack
        .call(
            Method::PUT,
            &format!("{post}/reaction"),
            Some(&alice),
            Some(json!({"kind": "meh"})),
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["field"], "kind");
    stack
        .call(
            Method::PUT,
            &format!("{post}/reaction"),
            Some(&alice),
            Some(json!({})),
        )
        .await
        .problem(400);
    stack
        .call(
            Method::PUT,
            &format!("{post}/reaction"),
            None,
            Some(json!({"kind": "like"})),
        )
        .await
        .problem(401);
    stack
        .call(
            Method::PUT,
            "/v1/posts/nope/reaction",
            Some(&alice),
            Some(json!({"kind": "like"})),
        )
        .await
        .problem(400);
    stack
        .call(
            Method::PUT,
            "/v1/comments/01JF3Z8Q4V6N2B7C9D0E1F2G3H/reaction",
            Some(&alice),
            Some(json!({"kind": "like"})),
        )
        .await
        .problem(404);
    stack
        .call(
            Method::GET,
            &format!("{post}/reactions?cursor=forged.x"),
            None,
            None,
        )
        .await
        .problem(400);
}

#[tokio::test]
async fn bookmarks_are_private_newest_first_and_follow_visibility() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    let first = stack.post_id(&alice, json!({"text": "one"})).await;
    let second = stack
        .post_id(&alice, json!({"text": "two", "visibility": "followers"}))
        .await;
    let third = stack.post_id(&alice, json!({"text": "three"})).await;
    for id in [&first, &second, &third, &first] {
        let reply = stack
            .call(
                Method::PUT,
                &format!("/v1/posts/{id}/bookmark"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mine = stack
        .call(Method::GET, "/v1/me/bookmarks", Some(&bob), None)
        .await;
    assert_eq!(
        ids(&mine.body),
        [third.clone(), second.clone(), first.clone()]
    );
    let alices = stack
        .call(Method::GET, "/v1/me/bookmarks", Some(&alice), None)
        .await;
    assert!(ids(&alices.body).is_empty(), "bookmarks are per account");

    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{third}/bookmark"),
            Some(&bob),
            None,
        )
        .await;
    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{first}"),
            Some(&alice),
            None,
        )
        .await;
    stack
        .call(Method::DELETE, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    let left = stack
        .call(Method::GET, "/v1/me/bookmarks", Some(&bob), None)
        .await;
    assert!(
        ids(&left.body).is_empty(),
        "removed, deleted, no longer visible: {left:?}"
    );
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{second}/bookmark"),
            Some(&bob),
            None,
        )
        .await
        .problem(404);
}
