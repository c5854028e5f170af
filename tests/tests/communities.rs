//! Communities through the local host: membership, private communities,
//! roles and every moderator action's authorization, bans, votes under
//! concurrency and retries, the sorts, locks, pins, removals and reports.

use futures_util::future::join_all;
use kith_tests::{Reply, Stack, ids, seed_signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

async fn create(stack: &Stack, token: &str, name: &str, visibility: &str) -> Reply {
    stack
        .call(
            Method::POST,
            "/v1/communities",
            Some(token),
            Some(json!({"name": name, "description": "about", "rules": ["be kind"], "visibility": visibility})),
        )
        .await
}

async fn join(stack: &Stack, token: &str, name: &str) -> Reply {
    stack
        .call(
            Method::PUT,
            &format!("/v1/communities/{name}/membership"),
            Some(token),
            None,
        )
        .await
}

async fn post_in(stack: &Stack, token: &str, name: &str, title: &str) -> Reply {
    stack
        .call(
            Method::POST,
            &format!("/v1/communities/{name}/posts"),
            Some(token),
            Some(json!({"title": title, "text": format!("{title}, in full")})),
        )
        .await
}

async fn post_id(stack: &Stack, token: &str, name: &str, title: &str) -> String {
    let reply = post_in(stack, token, name, title).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn vote(stack: &Stack, token: &str, post: &str, value: i8) -> StatusCode {
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post}/vote"),
            Some(token),
            Some(json!({"value": value})),
        )
        .await
        .status
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["user"]["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn communities_are_created_joined_and_left() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let created = create(&stack, &alice, "Rustaceans", "public").await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    assert_eq!(created.body["role"], "owner");
    let taken = create(&stack, &bob, "rustaceans", "public").await;
    assert_eq!(taken.problem(409)["errors"][0]["field"], "name");
    let bad = create(&stack, &bob, "no", "public").await;
    assert_eq!(bad.problem(422)["errors"][0]["field"], "name");
    stack
        .call(
            Method::POST,
            "/v1/communities",
            Some(&bob),
            Some(json!({"name": "x_y_z", "visibility": "secret"})),
        )
        .await
        .problem(400);

    for _ in 0..2 {
        let joined = join(&stack, &bob, "RUSTACEANS").await;
        assert_eq!(joined.status, StatusCode::OK, "{joined:?}");
        assert_eq!(joined.body["state"], "member");
    }
    let community = stack
        .call(Method::GET, "/v1/communities/rustaceans", Some(&bob), None)
        .await;
    assert_eq!(community.body["members_count"], 2);
    assert_eq!(community.body["role"], "member");
    let members = stack
        .call(
            Method::GET,
            "/v1/communities/rustaceans/members",
            None,
            None,
        )
        .await;
    assert_eq!(names(&members.body), ["bob", "alice"]);
    assert_eq!(members.body["items"][1]["role"], "owner");
    let mine = stack
        .call(Method::GET, "/v1/me/communities", Some(&bob), None)
        .await;
    assert_eq!(mine.body["items"][0]["name"], "Rustaceans");

    stack
        .call(
            Method::DELETE,
            "/v1/communities/rustaceans/membership",
            Some(&alice),
            None,
        )
        .await
        .problem(409);
    for _ in 0..2 {
        let left = stack
            .call(
                Method::DELETE,
                "/v1/communities/rustaceans/membership",
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(left.status, StatusCode::NO_CONTENT);
    }
    let community = stack
        .call(Method::GET, "/v1/communities/rustaceans", None, None)
        .await;
    assert_eq!(community.body["members_count"], 1);
    assert!(community.body["role"].is_null());
}

#[tokio::test]
async fn private_communities_are_invisible_to_non_members() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "secret", "private").await;
    let post = post_id(&stack, &alice, "secret", "hush").await;
    for path in [
        "/v1/communities/secret".to_owned(),
        "/v1/communities/secret/posts".to_owned(),
        "/v1/communities/secret/members".to_owned(),
        "/v1/communities/secret/modlog".to_owned(),
        format!("/v1/posts/{post}"),
        format!("/v1/posts/{post}/comments"),
    ] {
        stack
            .call(Method::GET, &path, Some(&carol), None)
            .await
            .problem(404);
        stack
            .call(Method::GET, &path, None, None)
            .await
            .problem(404);
    }
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post}/reaction"),
            Some(&carol),
            Some(json!({"kind": "like"})),
        )
        .await
        .problem(404);

    let asked = join(&stack, &carol, "secret").await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(asked.body["state"], "requested");
    stack
        .call(
            Method::GET,
            "/v1/communities/secret/join-requests",
            Some(&carol),
            None,
        )
        .await
        .problem(404);
    let requests = stack
        .call(
            Method::GET,
            "/v1/communities/secret/join-requests",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(names(&requests.body), ["carol"]);
    let approved = stack
        .call(
            Method::POST,
            "/v1/communities/secret/join-requests/carol/approve",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT);
    let seen = stack
        .call(
            Method::GET,
            &format!("/v1/posts/{post}"),
            Some(&carol),
            None,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.body["title"], "hush");
    let listed = stack
        .call(
            Method::GET,
            "/v1/communities/secret/posts?sort=new",
            Some(&carol),
            None,
        )
        .await;
    assert_eq!(ids(&listed.body), [post.as_str()]);
    stack
        .call(
            Method::POST,
            "/v1/communities/secret/join-requests/carol/approve",
            Some(&alice),
            None,
        )
        .await
        .problem(404);
}

#[tokio::test]
async fn every_moderator_action_needs_the_role_in_that_community() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (dave, _) = stack.signed_in("dave").await;
    let (_, _) = stack.signed_in("erin").await;
    create(&stack, &alice, "one", "public").await;
    create(&stack, &bob, "two", "public").await;
    join(&stack, &bob, "one").await;
    join(&stack, &dave, "one").await;
    let post = post_id(&stack, &alice, "one", "a post").await;
    let comment = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(&dave),
            Some(json!({"text": "hi"})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let actions: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("/v1/posts/{post}/removal"),
            Some(json!({"reason": "spam"})),
        ),
        (
            Method::POST,
            format!("/v1/comments/{comment}/removal"),
            Some(json!({"reason": "spam"})),
        ),
        (Method::PUT, format!("/v1/posts/{post}/lock"), None),
        (Method::DELETE, format!("/v1/posts/{post}/lock"), None),
        (
            Method::PUT,
            format!("/v1/communities/one/pins/{post}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/v1/communities/one/pins/{post}"),
            None,
        ),
        (
            Method::PUT,
            "/v1/communities/one/bans/erin".into(),
            Some(json!({"reason": "spam"})),
        ),
        (Method::DELETE, "/v1/communities/one/bans/erin".into(), None),
        (Method::GET, "/v1/communities/one/bans".into(), None),
        (
            Method::GET,
            "/v1/communities/one/join-requests".into(),
            None,
        ),
        (Method::GET, "/v1/communities/one/reports".into(), None),
        (
            Method::PUT,
            "/v1/communities/one/moderators/dave".into(),
            None,
        ),
        (
            Method::DELETE,
            "/v1/communities/one/moderators/dave".into(),
            None,
        ),
        (
            Method::PUT,
            "/v1/communities/one/owner".into(),
            Some(json!({"username": "dave"})),
        ),
    ];
    // Bob moderates "two", not "one": every action is refused.
    for (method, path, body) in &actions {
        let reply = stack
            .call(method.clone(), path, Some(&bob), body.clone())
            .await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {reply:?}"
        );
    }
    // A moderator of "one" moderates, but only the owner appoints.
    let added = stack
        .call(
            Method::PUT,
            "/v1/communities/one/moderators/dave",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(added.status, StatusCode::NO_CONTENT);
    let locked = stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post}/lock"),
            Some(&dave),
            None,
        )
        .await;
    assert_eq!(locked.status, StatusCode::NO_CONTENT);
    stack
        .call(
            Method::PUT,
            "/v1/communities/one/moderators/bob",
            Some(&dave),
            None,
        )
        .await
        .problem(403);
    stack
        .call(
            Method::PUT,
            "/v1/communities/one/bans/alice",
            Some(&dave),
            Some(json!({"reason": "coup"})),
        )
        .await
        .problem(403);

    // Ownership moves; the old owner stays a moderator.
    let moved = stack
        .call(
            Method::PUT,
            "/v1/communities/one/owner",
            Some(&alice),
            Some(json!({"username": "dave"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::NO_CONTENT, "{moved:?}");
    let community = stack
        .call(Method::GET, "/v1/communities/one", Some(&alice), None)
        .await;
    assert_eq!(community.body["role"], "moderator");
    stack
        .call(
            Method::PUT,
            "/v1/communities/one/moderators/bob",
            Some(&alice),
            None,
        )
        .await
        .problem(403);

    let log = stack
        .call(Method::GET, "/v1/communities/one/modlog", None, None)
        .await;
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["transfer_ownership", "lock", "add_moderator"]);
}

#[tokio::test]
async fn banned_accounts_cannot_post_comment_vote_or_join() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "club", "public").await;
    let post = post_id(&stack, &alice, "club", "welcome").await;
    let past = stack
        .call(
            Method::PUT,
            "/v1/communities/club/bans/carol",
            Some(&alice),
            Some(json!({"reason": "spam", "until": "2020-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(past.problem(422)["errors"][0]["field"], "until");
    let banned = stack
        .call(
            Method::PUT,
            "/v1/communities/club/bans/carol",
            Some(&alice),
            Some(json!({"reason": "spam", "until": "2099-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(banned.status, StatusCode::NO_CONTENT, "{banned:?}");
    post_in(&stack, &carol, "club", "let me").await.problem(403);
    stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(&carol),
            Some(json!({"text": "hey"})),
        )
        .await
        .problem(403);
    assert_eq!(vote(&stack, &carol, &post, 1).await, StatusCode::FORBIDDEN);
    join(&stack, &carol, "club").await.problem(403);
    let bans = stack
        .call(Method::GET, "/v1/communities/club/bans", Some(&alice), None)
        .await;
    assert_eq!(names(&bans.body), ["carol"]);
    assert_eq!(bans.body["items"][0]["reason"], "spam");

    stack
        .call(
            Method::DELETE,
            "/v1/communities/club/bans/carol",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(
        post_in(&stack, &carol, "club", "thanks").await.status,
        StatusCode::CREATED
    );
    assert_eq!(vote(&stack, &carol, &post, 1).await, StatusCode::NO_CONTENT);

    // Restricted: anyone reads, members take part.
    create(&stack, &alice, "gated", "restricted").await;
    post_in(&stack, &carol, "gated", "outsider")
        .await
        .problem(403);
    join(&stack, &carol, "gated").await;
    assert_eq!(
        post_in(&stack, &carol, "gated", "insider").await.status,
        StatusCode::CREATED
    );
}

async fn counts(stack: &Stack, token: &str, post: &str) -> (i64, i64, i64) {
    let body = stack
        .call(Method::GET, &format!("/v1/posts/{post}"), Some(token), None)
        .await
        .body;
    (
        body["ups"].as_i64().unwrap(),
        body["downs"].as_i64().unwrap(),
        body["score"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn votes_are_exact_under_concurrency_and_retries() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    create(&stack, &alice, "votes", "public").await;
    let post = post_id(&stack, &alice, "votes", "vote on me").await;
    let voters = seed_signed_in(&stack, "voter", 40).await;
    let (_, fickle) = &voters[0];
    let mut requests: Vec<_> = voters
        .iter()
        .enumerate()
        .map(|(i, (_, token))| vote(&stack, token, &post, if i < 30 { 1 } else { -1 }))
        .collect();
    requests.extend(
        [-1, 1, 0, -1, 1, -1]
            .iter()
            .map(|v| vote(&stack, fickle, &post, *v)),
    );
    let statuses = join_all(requests).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::NO_CONTENT),
        "{statuses:?}"
    );
    let (ups, downs, score) = counts(&stack, &alice, &post).await;
    assert_eq!(
        ups + downs,
        40 - i64::from(ups + downs < 40),
        "one vote per account at most"
    );
    assert_eq!(score, ups - downs);
    assert!(
        (28..=30).contains(&ups) && (10..=11).contains(&downs),
        "{ups} up, {downs} down"
    );

    // Up to down moves the score by 2; 0 takes the vote back.
    let (_, steady) = &voters[1];
    let before = counts(&stack, &alice, &post).await;
    vote(&stack, steady, &post, -1).await;
    let after = counts(&stack, &alice, &post).await;
    assert_eq!(
        (after.0, after.1, after.2),
        (before.0 - 1, before.1 + 1, before.2 - 2)
    );
    vote(&stack, steady, &post, 0).await;
    assert_eq!(counts(&stack, &alice, &post).await.2, before.2 - 1);

    // Idempotency-Key: a retry is a replay; the key on another request is a 409.
    let send = |value: i8| {
        let req = stack
            .http
            .put(format!("{}/v1/posts/{post}/vote", stack.base))
            .bearer_auth(steady)
            .header("idempotency-key", "vote-1")
            .json(&json!({"value": value}));
        async move { Reply::read(req.send().await.unwrap()).await }
    };
    let first = send(1).await;
    assert_eq!(first.status, StatusCode::NO_CONTENT);
    let replay = send(1).await;
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    send(-1).await.problem(409);
    assert_eq!(counts(&stack, &alice, &post).await.2, before.2);

    // Comments of community posts take votes too, one per account.
    let comment = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(&alice),
            Some(json!({"text": "+1"})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let on_comment = |token: String, value: i8| {
        let stack = &stack;
        let path = format!("/v1/comments/{comment}/vote");
        async move {
            stack
                .call(
                    Method::PUT,
                    &path,
                    Some(&token),
                    Some(json!({"value": value})),
                )
                .await
                .status
        }
    };
    let cast = join_all(
        voters
            .iter()
            .take(5)
            .map(|(_, t)| on_comment(t.clone(), -1)),
    )
    .await;
    assert!(cast.iter().all(|s| *s == StatusCode::NO_CONTENT));
    on_comment(voters[0].1.clone(), 1).await;
    let thread = stack
        .call(
            Method::GET,
            &format!("/v1/posts/{post}/comments"),
            None,
            None,
        )
        .await;
    assert_eq!(thread.body["items"][0]["score"], -3);
    assert_eq!(thread.body["items"][0]["ups"], 1);

    // Only community posts take votes.
    let plain = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&alice),
            Some(json!({"text": "not in a community"})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        vote(&stack, steady, &plain, 1).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        vote(&stack, steady, &post, 2).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn listing(stack: &Stack, query: &str) -> Vec<String> {
    let page = stack
        .call(
            Method::GET,
            &format!("/v1/communities/ranked/posts?{query}"),
            None,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{page:?}");
    ids(&page.body)
}

#[tokio::test]
async fn each_sort_reads_its_own_index() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    create(&stack, &alice, "ranked", "public").await;
    let (p1, p2, p3) = (
        post_id(&stack, &alice, "ranked", "first").await,
        post_id(&stack, &alice, "ranked", "second").await,
        post_id(&stack, &alice, "ranked", "third").await,
    );
    let voters = seed_signed_in(&stack, "v", 6).await;
    // p1: +4; p2: 3 up 3 down (controversial); p3: +1.
    for (i, (_, token)) in voters.iter().enumerate() {
        if i < 4 {
            vote(&stack, token, &p1, 1).await;
        }
        vote(&stack, token, &p2, if i < 3 { 1 } else { -1 }).await;
        if i == 0 {
            vote(&stack, token, &p3, 1).await;
        }
    }
    assert_eq!(
        listing(&stack, "sort=new").await,
        [p3.clone(), p2.clone(), p1.clone()]
    );
    assert_eq!(
        listing(&stack, "sort=top&t=all").await,
        [p1.clone(), p3.clone(), p2.clone()]
    );
    assert_eq!(
        listing(&stack, "sort=top").await,
        [p1.clone(), p3.clone(), p2.clone()]
    );
    assert_eq!(listing(&stack, "sort=top&t=week").await[0], p1);
    assert_eq!(listing(&stack, "sort=top&t=month").await[0], p1);
    // Hot and controversial ranks are set by `rank-post` from the vote events.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let expected_hot = [p1.clone(), p3.clone(), p2.clone()];
    while listing(&stack, "sort=hot").await != expected_hot
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(listing(&stack, "sort=hot").await, expected_hot);
    while listing(&stack, "sort=controversial").await[0] != p2
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(listing(&stack, "sort=controversial").await[0], p2);

    // Redelivered vote events recompute the same ranks.
    let rank = kith::functions::event_handler("rank-post").unwrap();
    for post in [&p1, &p2, &p3, &p1] {
        let event = json!({"detail-type": "vote.cast", "source": "kith", "detail": {"data": {
            "target": format!("post:{post}"), "post_id": post, "community_id": "C", "user_id": "U", "value": 1, "previous": 0}}});
        (rank.handler)(stack.app, event).await.unwrap();
    }
    assert_eq!(listing(&stack, "sort=hot").await, expected_hot);
    assert_eq!(listing(&stack, "sort=controversial").await[0], p2);

    let first = stack
        .call(
            Method::GET,
            "/v1/communities/ranked/posts?sort=top&t=all&limit=2",
            None,
            None,
        )
        .await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    assert_eq!(
        listing(&stack, &format!("sort=top&t=all&limit=2&cursor={cursor}")).await,
        [p2.as_str()]
    );
    stack
        .call(
            Method::GET,
            &format!("/v1/communities/ranked/posts?sort=new&cursor={cursor}"),
            None,
            None,
        )
        .await
        .problem(400);
    stack
        .call(
            Method::GET,
            "/v1/communities/ranked/posts?sort=best",
            None,
            None,
        )
        .await
        .problem(400);
    stack
        .call(
            Method::GET,
            "/v1/communities/ranked/posts?sort=top&t=year",
            None,
            None,
        )
        .await
        .problem(400);
}

#[tokio::test]
async fn locks_pins_and_removals_are_logged() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    create(&stack, &alice, "tidy", "public").await;
    let posts = [
        post_id(&stack, &bob, "tidy", "a").await,
        post_id(&stack, &bob, "tidy", "b").await,
        post_id(&stack, &bob, "tidy", "c").await,
    ];
    let comment_path = format!("/v1/posts/{}/comments", posts[0]);
    let lock_path = format!("/v1/posts/{}/lock", posts[0]);
    stack
        .call(Method::PUT, &lock_path, Some(&alice), None)
        .await;
    stack
        .call(
            Method::POST,
            &comment_path,
            Some(&bob),
            Some(json!({"text": "locked?"})),
        )
        .await
        .problem(403);
    stack
        .call(Method::DELETE, &lock_path, Some(&alice), None)
        .await;
    let comment = stack
        .call(
            Method::POST,
            &comment_path,
            Some(&bob),
            Some(json!({"text": "open again"})),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED);
    let comment = comment.body["id"].as_str().unwrap().to_owned();

    for post in &posts[..2] {
        let pinned = stack
            .call(
                Method::PUT,
                &format!("/v1/communities/tidy/pins/{post}"),
                Some(&alice),
                None,
            )
            .await;
        assert_eq!(pinned.status, StatusCode::NO_CONTENT);
    }
    stack
        .call(
            Method::PUT,
            &format!("/v1/communities/tidy/pins/{}", posts[2]),
            Some(&alice),
            None,
        )
        .await
        .problem(409);
    stack
        .call(
            Method::DELETE,
            &format!("/v1/communities/tidy/pins/{}", posts[0]),
            Some(&alice),
            None,
        )
        .await;
    let community = stack
        .call(Method::GET, "/v1/communities/tidy", None, None)
        .await;
    assert_eq!(community.body["pinned"], json!([posts[1]]));

    let removed = stack
        .call(
            Method::POST,
            &format!("/v1/comments/{comment}/removal"),
            Some(&alice),
            Some(json!({"reason": "rule 1"})),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let thread = stack.call(Method::GET, &comment_path, None, None).await;
    assert_eq!(thread.body["items"][0]["deleted"], true);
    stack
        .call(
            Method::POST,
            &format!("/v1/posts/{}/removal", posts[2]),
            Some(&alice),
            Some(json!({"reason": ""})),
        )
        .await
        .problem(422);
    let removed = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{}/removal", posts[2]),
            Some(&alice),
            Some(json!({"reason": "off topic"})),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    stack
        .call(Method::GET, &format!("/v1/posts/{}", posts[2]), None, None)
        .await
        .problem(404);

    let log = stack
        .call(Method::GET, "/v1/communities/tidy/modlog", None, None)
        .await;
    let entries: Vec<(String, Value)> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["reason"].clone(),
            )
        })
        .collect();
    assert_eq!(entries[0], ("remove_post".into(), json!("off topic")));
    assert_eq!(entries[1], ("remove_comment".into(), json!("rule 1")));
    let actions: Vec<&str> = entries.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(&actions[2..], ["unpin", "pin", "pin", "unlock", "lock"]);
}

#[tokio::test]
async fn reports_reach_the_queue_of_whoever_handles_them() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "watched", "public").await;
    let post = post_id(&stack, &carol, "watched", "dubious").await;
    let filed = stack
        .call(
            Method::POST,
            "/v1/reports",
            Some(&bob),
            Some(json!({"target": format!("post:{post}"), "reason": "spam"})),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{filed:?}");
    let report = filed.body["id"].as_str().unwrap().to_owned();
    stack
        .call(
            Method::GET,
            "/v1/communities/watched/reports",
            Some(&bob),
            None,
        )
        .await
        .problem(403);
    let queue = stack
        .call(
            Method::GET,
            "/v1/communities/watched/reports",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(ids(&queue.body), [report.as_str()]);

    let resolve = |token: String| {
        let stack = &stack;
        let report = report.clone();
        async move {
            stack
                .call(
                    Method::POST,
                    &format!("/v1/reports/{report}/resolution"),
                    Some(&token),
                    Some(json!({"resolution": "removed"})),
                )
                .await
        }
    };
    resolve(bob.clone()).await.problem(403);
    let resolved = resolve(alice.clone()).await;
    assert_eq!(resolved.status, StatusCode::OK, "{resolved:?}");
    assert_eq!(resolved.body["status"], "resolved");
    resolve(alice.clone()).await.problem(409);
    let open = stack
        .call(
            Method::GET,
            "/v1/communities/watched/reports",
            Some(&alice),
            None,
        )
        .await;
    assert!(ids(&open.body).is_empty());
    let done = stack
        .call(
            Method::GET,
            "/v1/communities/watched/reports?status=resolved",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(ids(&done.body), [report]);

    // A report about an account goes to the site's admins, not to moderators.
    let about_user = stack
        .call(
            Method::POST,
            "/v1/reports",
            Some(&bob),
            Some(json!({"target": "user:carol", "reason": "impersonation"})),
        )
        .await;
    assert!(about_user.body["community_id"].is_null());
    stack
        .call(Method::GET, "/v1/reports", Some(&alice), None)
        .await
        .problem(403);
    for target in ["post:nope", "planet:earth", "user:nobody"] {
        let reply = stack
            .call(
                Method::POST,
                "/v1/reports",
                Some(&bob),
                Some(json!({"target": target, "reason": "x"})),
            )
            .await;
        assert!(reply.status.is_client_error(), "{target}: {reply:?}");
    }
}

#[tokio::test]
async fn site_admins_handle_reports_outside_communities() {
    let stack = Stack::start().await;
    let (bob, _) = stack.signed_in("bob").await;
    stack.signed_in("mallory").await;
    let admin = kith_tests::quick_user(stack.app, "admin").await;
    let mut config = stack.app.config.clone();
    config.admins = vec![admin.clone()];
    let app = kith::platform::context::App::new(config, &stack.sdk)
        .unwrap()
        .leak();
    let filed = stack
        .call(
            Method::POST,
            "/v1/reports",
            Some(&bob),
            Some(json!({"target": "user:mallory", "reason": "impersonation"})),
        )
        .await;
    let report = filed.body["id"].as_str().unwrap().to_owned();
    use kith::moderation::report_store::ReportStatus;
    use kith::moderation::reports;
    let bob_id = stack
        .call(Method::GET, "/v1/me", Some(&bob), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(matches!(
        reports::queue(app, &bob_id, None, ReportStatus::Open, 20, None).await,
        Err(kith::platform::error::Error::Forbidden { .. })
    ));
    let (open, _) = reports::queue(app, &admin, None, ReportStatus::Open, 20, None)
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, report);
    let resolved = reports::resolve(app, &admin, &report, "warned the account")
        .await
        .unwrap();
    assert_eq!(resolved.resolved_by.as_deref(), Some(admin.as_str()));
    let (done, _) = reports::queue(app, &admin, None, ReportStatus::Resolved, 20, None)
        .await
        .unwrap();
    assert_eq!(done[0].id, report);
}

/// `who` sends `method` to `path` with an optional body; returns the status.
async fn status(
    stack: &Stack,
    method: Method,
    path: &str,
    who: &str,
    body: Option<Value>,
) -> StatusCode {
    stack.call(method, path, Some(who), body).await.status
}

/// A comment by `token` on `post`.
async fn comment_id(stack: &Stack, token: &str, post: &str, text: &str) -> String {
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(token),
            Some(json!({"text": text})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn moderation_works_whatever_the_authors_blocks() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    create(&stack, &alice, "rules", "public").await;
    join(&stack, &bob, "rules").await;
    let post = post_id(&stack, &bob, "rules", "mine").await;
    let comment = comment_id(&stack, &bob, &post, "also mine").await;
    stack
        .call(Method::POST, "/v1/users/alice/block", Some(&bob), None)
        .await;
    let reason = || Some(json!({"reason": "off topic"}));
    for (method, path, body) in [
        (Method::PUT, format!("/v1/posts/{post}/lock"), None),
        (Method::DELETE, format!("/v1/posts/{post}/lock"), None),
        (
            Method::PUT,
            format!("/v1/communities/rules/pins/{post}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/v1/communities/rules/pins/{post}"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/comments/{comment}/removal"),
            reason(),
        ),
        (Method::POST, format!("/v1/posts/{post}/removal"), reason()),
    ] {
        let done = status(&stack, method.clone(), &path, &alice, body).await;
        assert_eq!(done, StatusCode::NO_CONTENT, "{method} {path}");
    }
}

#[tokio::test]
async fn deleted_or_removed_posts_leave_the_pins() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    create(&stack, &alice, "board", "public").await;
    let posts = [
        post_id(&stack, &alice, "board", "a").await,
        post_id(&stack, &alice, "board", "b").await,
        post_id(&stack, &alice, "board", "c").await,
    ];
    for post in &posts[..2] {
        let path = format!("/v1/communities/board/pins/{post}");
        assert_eq!(
            status(&stack, Method::PUT, &path, &alice, None).await,
            StatusCode::NO_CONTENT
        );
    }
    let deleted = format!("/v1/posts/{}", posts[0]);
    assert_eq!(
        status(&stack, Method::DELETE, &deleted, &alice, None).await,
        StatusCode::NO_CONTENT
    );
    let removal = format!("/v1/posts/{}/removal", posts[1]);
    let reason = Some(json!({"reason": "spam"}));
    assert_eq!(
        status(&stack, Method::POST, &removal, &alice, reason).await,
        StatusCode::NO_CONTENT
    );
    let community = stack
        .call(Method::GET, "/v1/communities/board", None, None)
        .await;
    assert_eq!(community.body["pinned"], json!([]), "{community:?}");
    let pin = format!("/v1/communities/board/pins/{}", posts[2]);
    assert_eq!(
        status(&stack, Method::PUT, &pin, &alice, None).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn authors_keep_control_of_what_they_wrote() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "inner", "private").await;
    join(&stack, &bob, "inner").await;
    let approve = "/v1/communities/inner/join-requests/bob/approve";
    assert_eq!(
        status(&stack, Method::POST, approve, &alice, None).await,
        StatusCode::NO_CONTENT
    );
    let post = post_id(&stack, &bob, "inner", "before leaving").await;
    let comment = comment_id(&stack, &bob, &post, "my comment").await;
    let membership = "/v1/communities/inner/membership";
    assert_eq!(
        status(&stack, Method::DELETE, membership, &bob, None).await,
        StatusCode::NO_CONTENT
    );
    // Gone from view, still in hand.
    let post_path = format!("/v1/posts/{post}");
    stack
        .call(Method::GET, &post_path, Some(&bob), None)
        .await
        .problem(404);
    let comment_path = format!("/v1/comments/{comment}");
    let edit = Some(json!({"text": "edited after leaving"}));
    assert_eq!(
        status(&stack, Method::PATCH, &comment_path, &bob, edit.clone()).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&stack, Method::PATCH, &post_path, &bob, edit).await,
        StatusCode::OK
    );
    // Someone else's: still 404 to who cannot see it.
    assert_eq!(
        status(&stack, Method::DELETE, &post_path, &carol, None).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&stack, Method::DELETE, &comment_path, &bob, None).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        status(&stack, Method::DELETE, &post_path, &bob, None).await,
        StatusCode::NO_CONTENT
    );

    // A commenter blocked by the post's author afterwards.
    let public = stack.post_id(&alice, json!({"text": "open to all"})).await;
    let by_carol = comment_id(&stack, &carol, &public, "hello").await;
    let reaction = format!("/v1/posts/{public}/reaction");
    let like = Some(json!({"kind": "like"}));
    assert_eq!(
        status(&stack, Method::PUT, &reaction, &carol, like).await,
        StatusCode::NO_CONTENT
    );
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&alice), None)
        .await;
    assert_eq!(
        status(&stack, Method::DELETE, &reaction, &carol, None).await,
        StatusCode::NO_CONTENT
    );
    let post = stack
        .call(
            Method::GET,
            &format!("/v1/posts/{public}"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(post.body["reactions"]["like"], 0, "{post:?}");
    let carols = format!("/v1/comments/{by_carol}");
    assert_eq!(
        status(&stack, Method::DELETE, &carols, &carol, None).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_ban_ends_reading_a_private_community() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "vault", "private").await;
    join(&stack, &carol, "vault").await;
    let approve = "/v1/communities/vault/join-requests/carol/approve";
    status(&stack, Method::POST, approve, &alice, None).await;
    let post = post_id(&stack, &alice, "vault", "inside").await;
    let paths = [
        "/v1/communities/vault/posts".to_owned(),
        "/v1/communities/vault/members".to_owned(),
        format!("/v1/posts/{post}"),
        format!("/v1/posts/{post}/comments"),
    ];
    for path in &paths {
        assert_eq!(
            status(&stack, Method::GET, path, &carol, None).await,
            StatusCode::OK,
            "{path}"
        );
    }
    let ban = Some(json!({"reason": "leaks"}));
    assert_eq!(
        status(
            &stack,
            Method::PUT,
            "/v1/communities/vault/bans/carol",
            &alice,
            ban
        )
        .await,
        StatusCode::NO_CONTENT
    );
    for path in &paths {
        assert_eq!(
            status(&stack, Method::GET, path, &carol, None).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_vote_can_be_taken_back_after_a_block() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (carol, _) = stack.signed_in("carol").await;
    create(&stack, &alice, "polls", "public").await;
    let post = post_id(&stack, &alice, "polls", "vote on me").await;
    assert_eq!(vote(&stack, &carol, &post, 1).await, StatusCode::NO_CONTENT);
    stack
        .call(Method::POST, "/v1/users/carol/block", Some(&alice), None)
        .await;
    assert_eq!(vote(&stack, &carol, &post, -1).await, StatusCode::NOT_FOUND);
    assert_eq!(vote(&stack, &carol, &post, 0).await, StatusCode::NO_CONTENT);
    assert_eq!(counts(&stack, &alice, &post).await, (0, 0, 0));
    // Nothing left to take back: the post is still out of sight.
    assert_eq!(vote(&stack, &carol, &post, 0).await, StatusCode::NOT_FOUND);
}
