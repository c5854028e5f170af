//! Posts through the local host: writing, editing with history, deleting,
//! visibility on every read path, idempotent creation, hashtag lists.

use futures_util::future::join_all;
use kith_tests::{Stack, ids};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn post(stack: &Stack, token: &str, body: Value) -> kith_tests::Reply {
    stack
        .call(Method::POST, "/v1/posts", Some(token), Some(body))
        .await
}

async fn posts_count(stack: &Stack, username: &str) -> u64 {
    stack
        .call(Method::GET, &format!("/v1/users/{username}"), None, None)
        .await
        .body["posts_count"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn write_edit_with_history_and_delete() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    stack.signed_in("bob").await;
    let created = post(&stack, &alice, json!({"text": " Hello @bob and @nobody! #Rust #kith https://kith.dev. ", "content_warning": "greeting"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.headers["location"], format!("/v1/posts/{id}"));
    assert_eq!(
        created.body["text"],
        "Hello @bob and @nobody! #Rust #kith https://kith.dev."
    );
    assert_eq!(created.body["hashtags"], json!(["rust", "kith"]));
    assert_eq!(created.body["mentions"][0]["username"], "bob");
    assert_eq!(
        created.body["mentions"].as_array().unwrap().len(),
        1,
        "unknown accounts are not mentions"
    );
    assert_eq!(created.body["links"], json!(["https://kith.dev"]));
    assert_eq!(created.body["author"]["username"], "alice");
    assert_eq!(created.body["visibility"], "public");
    assert_eq!(posts_count(&stack, "alice").await, 1);

    let path = format!("/v1/posts/{id}");
    let edited = stack
        .call(
            Method::PATCH,
            &path,
            Some(&alice),
            Some(json!({"text": "Hello again #kith"})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{edited:?}");
    assert!(edited.body["edited_at"].is_string());
    assert_eq!(edited.body["hashtags"], json!(["kith"]));
    stack
        .call(
            Method::PATCH,
            &path,
            Some(&alice),
            Some(json!({"text": "Third version"})),
        )
        .await;
    let history = stack
        .call(Method::GET, &format!("{path}/history"), None, None)
        .await;
    let texts: Vec<&str> = history.body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Hello again #kith",
            "Hello @bob and @nobody! #Rust #kith https://kith.dev."
        ]
    );
    assert_eq!(
        stack.call(Method::GET, &path, None, None).await.body["text"],
        "Third version"
    );

    let deleted = stack.call(Method::DELETE, &path, Some(&alice), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    stack
        .call(Method::GET, &path, None, None)
        .await
        .problem(404);
    stack
        .call(Method::GET, &format!("{path}/history"), None, None)
        .await
        .problem(404);
    stack
        .call(Method::DELETE, &path, Some(&alice), None)
        .await
        .problem(404);
    assert_eq!(posts_count(&stack, "alice").await, 0);
}

#[tokio::test]
async fn only_the_author_changes_a_post() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (mallory, _) = stack.signed_in("mallory").await;
    let id = post(&stack, &alice, json!({"text": "mine"})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/posts/{id}");
    stack
        .call(
            Method::PATCH,
            &path,
            Some(&mallory),
            Some(json!({"text": "yours now"})),
        )
        .await
        .problem(403);
    stack
        .call(Method::DELETE, &path, Some(&mallory), None)
        .await
        .problem(403);
    stack
        .call(Method::PATCH, &path, None, Some(json!({"text": "anon"})))
        .await
        .problem(401);
    assert_eq!(
        stack.call(Method::GET, &path, None, None).await.body["text"],
        "mine"
    );
}

#[tokio::test]
async fn visibility_is_enforced_on_every_read_path() {
    let stack = Stack::start().await;
    let (author, _) = stack.signed_in("author").await;
    let (follower, _) = stack.signed_in("follower").await;
    let (stranger, _) = stack.signed_in("stranger").await;
    let (named, _) = stack.signed_in("named").await;
    stack
        .call(
            Method::POST,
            "/v1/users/author/follow",
            Some(&follower),
            None,
        )
        .await;

    let public = post(&stack, &author, json!({"text": "for all #vis"}))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let followers = post(
        &stack,
        &author,
        json!({"text": "for followers #vis", "visibility": "followers"}),
    )
    .await
    .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mentioned = post(
        &stack,
        &author,
        json!({"text": "psst @named #vis", "visibility": "mentioned"}),
    )
    .await
    .body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    async fn sees(stack: &Stack, token: Option<&str>, id: &str) -> bool {
        stack
            .call(Method::GET, &format!("/v1/posts/{id}"), token, None)
            .await
            .status
            == StatusCode::OK
    }
    assert!(sees(&stack, None, &public).await);
    assert!(
        !sees(&stack, None, &followers).await && !sees(&stack, Some(&stranger), &followers).await
    );
    assert!(
        sees(&stack, Some(&follower), &followers).await
            && sees(&stack, Some(&author), &followers).await
    );
    assert!(!sees(&stack, Some(&follower), &mentioned).await);
    assert!(
        sees(&stack, Some(&named), &mentioned).await
            && sees(&stack, Some(&author), &mentioned).await
    );

    let as_stranger = stack
        .call(Method::GET, "/v1/users/author/posts", Some(&stranger), None)
        .await;
    assert_eq!(ids(&as_stranger.body), [public.as_str()]);
    let as_follower = stack
        .call(Method::GET, "/v1/users/author/posts", Some(&follower), None)
        .await;
    assert_eq!(ids(&as_follower.body), [followers.clone(), public.clone()]);
    let as_author = stack
        .call(Method::GET, "/v1/users/author/posts", Some(&author), None)
        .await;
    assert_eq!(
        ids(&as_author.body),
        [mentioned.clone(), followers.clone(), public.clone()]
    );
    // Hashtag lists hold public posts only.
    let tagged = stack
        .call(Method::GET, "/v1/hashtags/VIS/posts", Some(&follower), None)
        .await;
    assert_eq!(ids(&tagged.body), [public.as_str()]);

    // An author who blocks you disappears from every path.
    stack
        .call(
            Method::POST,
            "/v1/users/stranger/block",
            Some(&author),
            None,
        )
        .await;
    assert!(!sees(&stack, Some(&stranger), &public).await);
    stack
        .call(Method::GET, "/v1/users/author/posts", Some(&stranger), None)
        .await
        .problem(404);
    let tagged = stack
        .call(Method::GET, "/v1/hashtags/vis/posts", Some(&stranger), None)
        .await;
    assert!(ids(&tagged.body).is_empty());
    // A reply to a post one cannot see is refused.
    let reply = post(&stack, &stranger, json!({"text": "hi", "reply_to": public})).await;
    reply.problem(422);
    assert_eq!(reply.error_fields(), ["reply_to"]);
}

#[tokio::test]
async fn idempotency_key_makes_retries_and_races_create_one_post() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let send = |key: &'static str, text: &'static str| {
        let req = stack
            .http
            .post(format!("{}/v1/posts", stack.base))
            .bearer_auth(&alice)
            .header("idempotency-key", key)
            .json(&json!({"text": text}));
        async move { kith_tests::Reply::read(req.send().await.unwrap()).await }
    };
    let first = send("k-1", "once").await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = send("k-1", "once").await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(retry.body["id"], first.body["id"]);
    send("k-1", "something else").await.problem(409);

    let raced = join_all((0..8).map(|_| send("k-2", "raced"))).await;
    let ids: std::collections::BTreeSet<_> = raced
        .iter()
        .map(|r| r.body["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "{raced:?}");
    assert_eq!(
        raced
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .count(),
        1
    );
    assert_eq!(posts_count(&stack, "alice").await, 2);
    let listed = stack
        .call(Method::GET, "/v1/users/alice/posts", None, None)
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn hashtag_entries_follow_edits_and_deletes() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let id = post(&stack, &alice, json!({"text": "#one #two"}))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stack = &stack;
    let tagged = |tag: &'static str| {
        let path = format!("/v1/hashtags/{tag}/posts");
        async move { ids(&stack.call(Method::GET, &path, None, None).await.body) }
    };
    assert_eq!(tagged("one").await, [id.as_str()]);
    stack
        .call(
            Method::PATCH,
            &format!("/v1/posts/{id}"),
            Some(&alice),
            Some(json!({"text": "#two #three"})),
        )
        .await;
    assert!(tagged("one").await.is_empty());
    assert_eq!(tagged("three").await, [id.as_str()]);
    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{id}"),
            Some(&alice),
            None,
        )
        .await;
    assert!(tagged("two").await.is_empty() && tagged("three").await.is_empty());
}

#[tokio::test]
async fn bad_post_input_is_4xx() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    post(&stack, &alice, json!({"text": "   "}))
        .await
        .problem(422);
    post(&stack, &alice, json!({"text": "x".repeat(501)}))
        .await
        .problem(422);
    post(
        &stack,
        &alice,
        json!({"text": "ok", "visibility": "everyone"}),
    )
    .await
    .problem(400);
    post(&stack, &alice, json!({"text": "ok", "pinned": true}))
        .await
        .problem(400);
    post(
        &stack,
        &alice,
        json!({"text": "ok", "reply_to": "not-a-ulid"}),
    )
    .await
    .problem(422);
    post(
        &stack,
        &alice,
        json!({"text": "ok", "reply_to": "01JF3Z8Q4V6N2B7C9D0E1F2G3H"}),
    )
    .await
    .problem(422);
    stack
        .call(Method::GET, "/v1/posts/not-a-ulid", None, None)
        .await
        .problem(400);
    stack
        .call(
            Method::GET,
            "/v1/posts/01JF3Z8Q4V6N2B7C9D0E1F2G3H",
            None,
            None,
        )
        .await
        .problem(404);
    stack
        .call(Method::GET, "/v1/hashtags/bad-tag/posts", None, None)
        .await
        .problem(400);
    stack
        .call(
            Method::POST,
            "/v1/posts",
            None,
            Some(json!({"text": "anon"})),
        )
        .await
        .problem(401);
    let bad_key = stack
        .http
        .post(format!("{}/v1/posts", stack.base))
        .bearer_auth(&alice)
        .header("idempotency-key", "x".repeat(101))
        .json(&json!({"text": "ok"}))
        .send()
        .await
        .unwrap();
    kith_tests::Reply::read(bad_key).await.problem(400);
}

#[tokio::test]
async fn racing_edits_never_lose_a_version() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let id = post(&stack, &alice, json!({"text": "v0"})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/posts/{id}");
    let edits = (1..=6).map(|i| {
        stack.call(
            Method::PATCH,
            &path,
            Some(&alice),
            Some(json!({"text": format!("v{i}")})),
        )
    });
    let replies = join_all(edits).await;
    let applied = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    for reply in replies.iter().filter(|r| r.status != StatusCode::OK) {
        reply.problem(409);
    }
    assert!(applied >= 1);
    // Every applied edit left exactly one version behind it.
    let history = stack
        .call(Method::GET, &format!("{path}/history"), None, None)
        .await;
    assert_eq!(history.body["versions"].as_array().unwrap().len(), applied);
}

#[tokio::test]
async fn replies_are_counted_on_their_parent_and_survive_edits() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let parent = post(&stack, &alice, json!({"text": "parent"})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let replies_count = || async {
        stack
            .call(
                Method::GET,
                &format!("/v1/posts/{parent}"),
                Some(&alice),
                None,
            )
            .await
            .body["replies_count"]
            .as_u64()
            .unwrap()
    };
    let replies = join_all((0..6).map(|i| {
        post(
            &stack,
            &bob,
            json!({"text": format!("reply {i}"), "reply_to": parent}),
        )
    }))
    .await;
    assert!(
        replies.iter().all(|r| r.status == StatusCode::CREATED),
        "{replies:?}"
    );
    assert_eq!(replies_count().await, 6);

    let edited = stack
        .call(
            Method::PATCH,
            &format!("/v1/posts/{parent}"),
            Some(&alice),
            Some(json!({"text": "parent, edited"})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{edited:?}");
    assert_eq!(replies_count().await, 6, "an edit keeps the count");

    let reply = |i: usize| replies[i].body["id"].as_str().unwrap().to_owned();
    let deleted = stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{}", reply(0)),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(replies_count().await, 5);

    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{parent}"),
            Some(&alice),
            None,
        )
        .await;
    let orphan = stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{}", reply(1)),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(
        orphan.status,
        StatusCode::NO_CONTENT,
        "a reply outlives its parent"
    );
    let late = post(
        &stack,
        &bob,
        json!({"text": "too late", "reply_to": parent}),
    )
    .await;
    assert_eq!(late.problem(422)["errors"][0]["field"], "reply_to");
}
