//! Reposts and quotes: through fan-out to the reposter's followers, one
//! repost per account, undo, counts, and the original's visibility.

use kith_tests::{Reply, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

async fn write(stack: &Stack, token: &str, body: Value) -> Reply {
    stack
        .call(Method::POST, "/v1/posts", Some(token), Some(body))
        .await
}

async fn id_of(reply: Reply) -> String {
    assert!(reply.status.is_success(), "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn feed(stack: &Stack, token: &str) -> Vec<Value> {
    let page = stack.call(Method::GET, "/v1/feed", Some(token), None).await;
    assert_eq!(page.status, StatusCode::OK, "{page:?}");
    page.body["items"].as_array().unwrap().clone()
}

/// Polls the feed (up to 15 s) until `check` holds.
async fn eventually(stack: &Stack, token: &str, check: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let items = feed(stack, token).await;
        if check(&items) || tokio::time::Instant::now() > deadline {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn reposts_count(stack: &Stack, post: &str) -> u64 {
    stack
        .call(Method::GET, &format!("/v1/posts/{post}"), None, None)
        .await
        .body["reposts_count"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn reposts_reach_the_reposters_followers_once_and_undo_takes_them_back() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    stack
        .call(Method::POST, "/v1/users/bob/follow", Some(&carol), None)
        .await;
    let original = id_of(write(&stack, &alice, json!({"text": "worth sharing"})).await).await;

    let path = format!("/v1/posts/{original}/repost");
    let first = stack.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    assert_eq!(first.body["repost_of"]["id"], original.as_str());
    let again = stack.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(reposts_count(&stack, &original).await, 1);

    let repost = first.body["id"].as_str().unwrap().to_owned();
    let items = eventually(&stack, &carol, |items| !items.is_empty()).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], repost.as_str());
    assert_eq!(items[0]["author"]["username"], "bob");
    assert_eq!(items[0]["repost_of"]["text"], "worth sharing");
    assert_eq!(items[0]["repost_of"]["author"]["username"], "alice");

    // Reposting the repost reposts the original (already reposted by bob).
    let via = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{repost}/repost"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(via.body["id"], repost.as_str());

    for _ in 0..2 {
        let undone = stack.call(Method::DELETE, &path, Some(&bob), None).await;
        assert_eq!(undone.status, StatusCode::NO_CONTENT);
    }
    assert_eq!(reposts_count(&stack, &original).await, 0);
    let items = eventually(&stack, &carol, |items| items.is_empty()).await;
    assert!(items.is_empty(), "{items:?}");
}

#[tokio::test]
async fn quotes_embed_what_the_viewer_may_see() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let original = id_of(write(&stack, &alice, json!({"text": "hot take"})).await).await;
    let quote = write(
        &stack,
        &bob,
        json!({"text": "agreed", "quote_of": original}),
    )
    .await;
    assert_eq!(quote.status, StatusCode::CREATED, "{quote:?}");
    assert_eq!(quote.body["quote_of"]["text"], "hot take");
    let quote = quote.body["id"].as_str().unwrap().to_owned();

    // Only public posts outside communities are shared.
    let private = id_of(
        write(
            &stack,
            &alice,
            json!({"text": "mine", "visibility": "followers"}),
        )
        .await,
    )
    .await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    let refused = write(&stack, &bob, json!({"text": "look", "quote_of": private})).await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "quote_of");
    stack
        .call(
            Method::POST,
            &format!("/v1/posts/{private}/repost"),
            Some(&bob),
            None,
        )
        .await
        .problem(422);
    let bad = write(&stack, &bob, json!({"text": "x", "quote_of": "nope"})).await;
    assert_eq!(bad.problem(422)["errors"][0]["field"], "quote_of");

    // Alice blocks carol: carol sees bob's quote without alice's post.
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&alice), None)
        .await;
    let seen = stack
        .call(
            Method::GET,
            &format!("/v1/posts/{quote}"),
            Some(&carol),
            None,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body["quote_of"].is_null(), "{seen:?}");
    // The original goes: the quote stays, without it.
    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{original}"),
            Some(&alice),
            None,
        )
        .await;
    let seen = stack
        .call(Method::GET, &format!("/v1/posts/{quote}"), Some(&bob), None)
        .await;
    assert!(seen.body["quote_of"].is_null());
    let listed = stack
        .call(Method::GET, "/v1/users/bob/posts", None, None)
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_repost_of_a_deleted_post_leaves_every_list() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let original = id_of(write(&stack, &alice, json!({"text": "short-lived"})).await).await;
    let repost = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{original}/repost"),
            Some(&bob),
            None,
        )
        .await;
    let repost = repost.body["id"].as_str().unwrap().to_owned();
    let listed = stack
        .call(Method::GET, "/v1/users/bob/posts", None, None)
        .await;
    assert_eq!(listed.body["items"][0]["id"], repost.as_str());
    eventually(&stack, &bob, |items| items.len() == 1).await;

    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{original}"),
            Some(&alice),
            None,
        )
        .await;
    let listed = stack
        .call(Method::GET, "/v1/users/bob/posts", None, None)
        .await;
    assert!(
        listed.body["items"].as_array().unwrap().is_empty(),
        "{listed:?}"
    );
    assert!(feed(&stack, &bob).await.is_empty());
    stack
        .call(
            Method::PATCH,
            &format!("/v1/posts/{repost}"),
            Some(&bob),
            Some(json!({"text": "edit"})),
        )
        .await
        .problem(422);
}
