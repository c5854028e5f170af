//! Comments through the local host: thread order, depth, paging, edits with
//! history, tombstones, counts under concurrency, visibility and blocks.

use futures_util::future::join_all;
use kith_tests::{Reply, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn comment(stack: &Stack, token: &str, post: &str, body: Value) -> Reply {
    stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(token),
            Some(body),
        )
        .await
}

async fn comment_id(
    stack: &Stack,
    token: &str,
    post: &str,
    text: &str,
    parent: Option<&str>,
) -> String {
    let reply = comment(
        stack,
        token,
        post,
        json!({"text": text, "parent_id": parent}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn thread(stack: &Stack, token: Option<&str>, post: &str, query: &str) -> Reply {
    stack
        .call(
            Method::GET,
            &format!("/v1/posts/{post}/comments?{query}"),
            token,
            None,
        )
        .await
}

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap_or("<withheld>").to_owned())
        .collect()
}

async fn comments_count(stack: &Stack, token: &str, post: &str) -> u64 {
    let reply = stack
        .call(Method::GET, &format!("/v1/posts/{post}"), Some(token), None)
        .await;
    reply.body["comments_count"].as_u64().unwrap()
}

#[tokio::test]
async fn threads_read_in_order_with_depth_and_pages() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post = stack.post_id(&alice, json!({"text": "discuss"})).await;
    let c1 = comment_id(&stack, &bob, &post, "c1", None).await;
    comment_id(&stack, &carol, &post, "c2", None).await;
    let r1 = comment_id(&stack, &alice, &post, "c1 > r1", Some(&c1)).await;
    comment_id(&stack, &bob, &post, "c1 > r1 > r2", Some(&r1)).await;

    let all = thread(&stack, None, &post, "").await;
    assert_eq!(all.status, StatusCode::OK, "{all:?}");
    assert_eq!(texts(&all.body), ["c1", "c1 > r1", "c1 > r1 > r2", "c2"]);
    assert_eq!(all.body["items"][2]["depth"], 3);
    assert_eq!(all.body["items"][1]["parent_id"], c1.as_str());
    assert_eq!(all.body["items"][1]["author"]["username"], "alice");
    let shallow = thread(&stack, None, &post, "depth=1").await;
    assert_eq!(texts(&shallow.body), ["c1", "c2"]);
    assert_eq!(
        texts(&thread(&stack, None, &post, "depth=2").await.body),
        ["c1", "c1 > r1", "c2"]
    );

    let first = thread(&stack, None, &post, "limit=3").await;
    assert_eq!(texts(&first.body), ["c1", "c1 > r1", "c1 > r1 > r2"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = thread(&stack, None, &post, &format!("limit=3&cursor={cursor}")).await;
    assert_eq!(texts(&second.body), ["c2"]);
    assert_eq!(comments_count(&stack, &alice, &post).await, 4);

    // A cursor from another post's thread, or tampered with, is refused.
    let other = stack.post_id(&alice, json!({"text": "other"})).await;
    thread(&stack, None, &other, &format!("cursor={cursor}"))
        .await
        .problem(400);
    thread(&stack, None, &post, &format!("cursor={cursor}x"))
        .await
        .problem(400);
    thread(&stack, None, &post, "depth=0").await.problem(400);
    thread(&stack, None, &post, "depth=11").await.problem(400);
}

#[tokio::test]
async fn replies_nest_ten_deep_at_most() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = stack.post_id(&alice, json!({"text": "deep"})).await;
    let mut parent = None;
    for depth in 1..=10 {
        parent = Some(
            comment_id(
                &stack,
                &alice,
                &post,
                &format!("level {depth}"),
                parent.as_deref(),
            )
            .await,
        );
    }
    let too_deep = comment(
        &stack,
        &alice,
        &post,
        json!({"text": "level 11", "parent_id": parent}),
    )
    .await;
    assert_eq!(too_deep.problem(422)["errors"][0]["field"], "parent_id");
}

#[tokio::test]
async fn edits_keep_history_and_deletes_leave_tombstones() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let post = stack.post_id(&alice, json!({"text": "post"})).await;
    let c1 = comment_id(&stack, &bob, &post, "first take", None).await;
    let reply = comment_id(&stack, &carol, &post, "a reply", Some(&c1)).await;

    let path = format!("/v1/comments/{c1}");
    let edited = stack
        .call(
            Method::PATCH,
            &path,
            Some(&bob),
            Some(json!({"text": "second take"})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{edited:?}");
    assert_eq!(edited.body["text"], "second take");
    assert!(edited.body["edited_at"].is_string());
    let history = stack
        .call(Method::GET, &format!("{path}/history"), None, None)
        .await;
    assert_eq!(history.body["versions"][0]["text"], "first take");
    stack
        .call(
            Method::PATCH,
            &path,
            Some(&carol),
            Some(json!({"text": "hijack"})),
        )
        .await
        .problem(403);
    stack
        .call(Method::DELETE, &path, Some(&carol), None)
        .await
        .problem(403);

    // The comment's author deletes; the reply keeps its place.
    for _ in 0..2 {
        let deleted = stack.call(Method::DELETE, &path, Some(&bob), None).await;
        assert_eq!(
            deleted.status,
            StatusCode::NO_CONTENT,
            "idempotent: {deleted:?}"
        );
    }
    let page = thread(&stack, None, &post, "").await;
    assert_eq!(texts(&page.body), ["<withheld>", "a reply"]);
    assert_eq!(page.body["items"][0]["deleted"], true);
    assert!(page.body["items"][0]["author"].is_null());
    assert_eq!(comments_count(&stack, &alice, &post).await, 1);
    let gone = stack
        .call(Method::GET, &format!("{path}/history"), None, None)
        .await;
    assert_eq!(
        gone.body["versions"],
        json!([]),
        "a deleted comment's history goes too"
    );
    stack
        .call(
            Method::PATCH,
            &path,
            Some(&bob),
            Some(json!({"text": "revive"})),
        )
        .await
        .problem(404);
    comment(
        &stack,
        &alice,
        &post,
        json!({"text": "to a tombstone", "parent_id": c1}),
    )
    .await
    .problem(422);

    // The post's author may delete any comment on it.
    let deleted = stack
        .call(
            Method::DELETE,
            &format!("/v1/comments/{reply}"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(comments_count(&stack, &alice, &post).await, 0);
}

#[tokio::test]
async fn concurrent_comments_are_all_counted() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let post = stack.post_id(&alice, json!({"text": "busy"})).await;
    let replies =
        join_all((0..10).map(|i| comment(&stack, &bob, &post, json!({"text": format!("n{i}")}))))
            .await;
    assert!(replies.iter().all(|r| r.status == StatusCode::CREATED));
    assert_eq!(comments_count(&stack, &alice, &post).await, 10);
    assert_eq!(texts(&thread(&stack, None, &post, "").await.body).len(), 10);
}

#[tokio::test]
async fn comments_follow_the_posts_visibility_and_blocks() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let private = stack
        .post_id(
            &alice,
            json!({"text": "friends only", "visibility": "followers"}),
        )
        .await;
    comment(&stack, &bob, &private, json!({"text": "let me in"}))
        .await
        .problem(404);
    thread(&stack, Some(&bob), &private, "").await.problem(404);
    thread(&stack, None, &private, "").await.problem(404);
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    comment_id(&stack, &bob, &private, "now I can", None).await;

    // Alice blocks carol: carol can neither comment on alice's posts nor see them.
    let public = stack.post_id(&alice, json!({"text": "open"})).await;
    let by_carol = comment_id(&stack, &carol, &public, "before the block", None).await;
    let by_bob = comment_id(&stack, &bob, &public, "bob here", None).await;
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&alice), None)
        .await;
    comment(&stack, &carol, &public, json!({"text": "after"}))
        .await
        .problem(404);
    let page = thread(&stack, Some(&alice), &public, "").await;
    assert_eq!(
        texts(&page.body),
        ["<withheld>", "bob here"],
        "carol's comment is withheld from alice"
    );
    assert_eq!(page.body["items"][0]["id"], by_carol.as_str());
    let single = stack
        .call(
            Method::GET,
            &format!("/v1/comments/{by_carol}"),
            Some(&alice),
            None,
        )
        .await;
    assert!(single.body["text"].is_null());

    // Bob blocks carol: carol cannot reply to bob.
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&bob), None)
        .await;
    stack
        .call(Method::DELETE, "/v1/users/carol/block", Some(&alice), None)
        .await;
    let refused = comment(
        &stack,
        &carol,
        &public,
        json!({"text": "hey bob", "parent_id": by_bob}),
    )
    .await;
    refused.problem(403);
}

#[tokio::test]
async fn bad_comment_input_is_4xx() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let post = stack.post_id(&alice, json!({"text": "p"})).await;
    let other = stack.post_id(&alice, json!({"text": "q"})).await;
    let elsewhere = comment_id(&stack, &alice, &other, "elsewhere", None).await;
    for (body, field) in [
        (json!({"text": ""}), "text"),
        (json!({"text": "x".repeat(2001)}), "text"),
        (
            json!({"text": "ok", "parent_id": "not-a-ulid"}),
            "parent_id",
        ),
        (json!({"text": "ok", "parent_id": elsewhere}), "parent_id"),
        (
            json!({"text": "ok", "parent_id": "01JF3Z8Q4V6N2B7C9D0E1F2G3H"}),
            "parent_id",
        ),
    ] {
        let reply = comment(&stack, &alice, &post, body).await;
        assert_eq!(reply.problem(422)["errors"][0]["field"], field);
    }
    comment(&stack, &alice, &post, json!({"text": "ok", "extra": 1}))
        .await
        .problem(400);
    comment(
        &stack,
        &alice,
        "01JF3Z8Q4V6N2B7C9D0E1F2G3H",
        json!({"text": "ok"}),
    )
    .await
    .problem(404);
    comment(&stack, &alice, "nope", json!({"text": "ok"}))
        .await
        .problem(400);
    stack
        .call(
            Method::GET,
            "/v1/comments/01JF3Z8Q4V6N2B7C9D0E1F2G3H",
            None,
            None,
        )
        .await
        .problem(404);
    stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            None,
            Some(json!({"text": "anon"})),
        )
        .await
        .problem(401);
}
