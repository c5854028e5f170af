//! Home feeds end to end: the post travels API -> outbox -> stream ->
//! publish-events -> bus -> rule -> fanout-post -> followers' feeds, and
//! leaves them when deleted. Also redelivery, filtering, the celebrity path
//! and the cost of reading a page.

use kith::context::App;
use kith::handlers::event_handler;
use kith::services::posts::{NewPost, create};
use kith_tests::{Stack, counted, follow, quick_user};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;
use std::time::Duration;

async fn feed(stack: &Stack, token: &str) -> Vec<String> {
    let page = stack
        .call(Method::GET, "/v1/feed?limit=30", Some(token), None)
        .await;
    assert_eq!(page.status.as_u16(), 200, "{page:?}");
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Polls the feed (up to 15 s) until `check` holds.
async fn eventually(stack: &Stack, token: &str, check: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let ids = feed(stack, token).await;
        if check(&ids) || tokio::time::Instant::now() > deadline {
            return ids;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test]
async fn a_post_reaches_followers_feeds_and_leaves_them_when_deleted() {
    let stack = Stack::start().await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    let (c, _) = stack.signed_in("carol").await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let post = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&a),
            Some(json!({"text": "to my followers"})),
        )
        .await;
    let id = post.body["id"].as_str().unwrap().to_owned();

    let ids = eventually(&stack, &b, |ids| ids.contains(&id)).await;
    assert_eq!(
        ids,
        [id.as_str()],
        "the post reached bob's feed through the event path"
    );
    assert_eq!(
        eventually(&stack, &a, |ids| ids.contains(&id)).await,
        [id.as_str()],
        "authors see their own posts"
    );
    assert!(feed(&stack, &c).await.is_empty(), "carol follows nobody");

    stack
        .call(Method::DELETE, &format!("/v1/posts/{id}"), Some(&a), None)
        .await;
    let ids = eventually(&stack, &b, |ids| ids.is_empty()).await;
    assert!(ids.is_empty(), "{ids:?}");
}

#[tokio::test]
async fn unfollow_mute_and_visibility_filter_the_feed() {
    let stack = Stack::start().await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let write = |text: &'static str, visibility: &'static str| {
        let a = a.clone();
        let stack = &stack;
        async move {
            let reply = stack
                .call(
                    Method::POST,
                    "/v1/posts",
                    Some(&a),
                    Some(json!({"text": text, "visibility": visibility})),
                )
                .await;
            reply.body["id"].as_str().unwrap().to_owned()
        }
    };
    let public = write("public", "public").await;
    let followers = write("followers", "followers").await;
    let mentioned = write("for @carol only", "mentioned").await;
    let ids = eventually(&stack, &b, |ids| ids.len() == 2).await;
    assert_eq!(
        ids,
        [followers.clone(), public.clone()],
        "mentioned-only posts are not fanned out"
    );
    let own = eventually(&stack, &a, |ids| ids.len() == 3).await;
    assert_eq!(own, [mentioned, followers.clone(), public.clone()]);

    stack
        .call(Method::POST, "/v1/users/alice/mute", Some(&b), None)
        .await;
    assert!(feed(&stack, &b).await.is_empty(), "muted");
    stack
        .call(Method::DELETE, "/v1/users/alice/mute", Some(&b), None)
        .await;
    assert_eq!(feed(&stack, &b).await.len(), 2);
    stack
        .call(Method::DELETE, "/v1/users/alice/follow", Some(&b), None)
        .await;
    assert!(feed(&stack, &b).await.is_empty(), "unfollowed");
    stack
        .call(Method::GET, "/v1/feed?limit=31", Some(&b), None)
        .await
        .problem(400);
    stack
        .call(Method::GET, "/v1/feed?cursor=forged.cursor", Some(&b), None)
        .await
        .problem(400);
}

fn post_event(detail_type: &str, post_id: &str, author_id: &str) -> Value {
    json!({
        "detail-type": detail_type,
        "source": "kith",
        "detail": {"id": "01JF3Z8Q4V6N2B7C9D0E1F2G3J", "version": 1, "occurred_at": 0,
                   "data": {"post_id": post_id, "author_id": author_id, "visibility": "public", "created_at": 0}}
    })
}

async fn feed_size(app: &App, user_id: &str) -> usize {
    app.store
        .feed_page(user_id, 100, None)
        .await
        .unwrap()
        .0
        .len()
}

#[tokio::test]
async fn redelivered_events_change_nothing() {
    let stack = Stack::start().await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let post = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&a),
            Some(json!({"text": "once"})),
        )
        .await
        .body;
    let (id, author) = (
        post["id"].as_str().unwrap(),
        post["author"]["id"].as_str().unwrap(),
    );
    let bob = stack.call(Method::GET, "/v1/me", Some(&b), None).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fanout = event_handler("fanout-post").unwrap();
    for _ in 0..3 {
        (fanout.handler)(stack.app, post_event("post.created", id, author))
            .await
            .unwrap();
    }
    assert_eq!(feed_size(stack.app, &bob).await, 1);
    assert_eq!(feed(&stack, &b).await, [id]);
    for _ in 0..2 {
        (fanout.handler)(stack.app, post_event("post.deleted", id, author))
            .await
            .unwrap();
    }
    assert_eq!(feed_size(stack.app, &bob).await, 0);
    assert!(
        (fanout.handler)(
            stack.app,
            json!({"detail-type": "post.created", "detail": {}})
        )
        .await
        .is_err()
    );
}

fn text(text: &str) -> NewPost {
    NewPost {
        text: text.into(),
        visibility: Default::default(),
        content_warning: None,
        reply_to: None,
    }
}

#[tokio::test]
async fn a_feed_page_costs_three_calls_whatever_the_number_followed() {
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 10_000);
    let reader = quick_user(app, "reader").await;
    let mut followed = Vec::new();
    for i in 0..62 {
        let id = quick_user(app, &format!("acct{i}")).await;
        follow(app, &reader, &id).await;
        followed.push(id);
    }
    let fanout = event_handler("fanout-post").unwrap();
    for author in followed.iter().step_by(2) {
        let (post, _) = create(app, author, text("hello"), None).await.unwrap();
        (fanout.handler)(app, post_event("post.created", &post.id, author))
            .await
            .unwrap();
    }
    calls.0.store(0, Ordering::SeqCst);
    let page = kith::services::feeds::home(app, &reader, 30, None)
        .await
        .unwrap();
    assert_eq!(page.posts.len(), 30);
    assert!(page.next.is_some());
    assert!(
        calls.0.load(Ordering::SeqCst) <= 3,
        "a feed page took {} DynamoDB calls",
        calls.0.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn a_celebrity_post_costs_constant_writes() {
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 20);
    let star = quick_user(app, "star").await;
    let mut fans = Vec::new();
    for i in 0..40 {
        let fan = quick_user(app, &format!("fan{i}")).await;
        follow(app, &fan, &star).await;
        fans.push(fan);
    }
    let (post, _) = create(app, &star, text("to the masses"), None)
        .await
        .unwrap();
    let fanout = event_handler("fanout-post").unwrap();
    calls.0.store(0, Ordering::SeqCst);
    (fanout.handler)(app, post_event("post.created", &post.id, &star))
        .await
        .unwrap();
    let used = calls.0.load(Ordering::SeqCst);
    assert!(used <= 3, "a celebrity fan-out took {used} calls");
    assert_eq!(feed_size(app, &fans[0]).await, 0);
    assert_eq!(feed_size(app, &star).await, 1);
}

#[tokio::test]
async fn following_backfills_recent_posts_once() {
    let stack = Stack::start().await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    let mut earlier = Vec::new();
    for text in ["first", "second"] {
        let reply = stack
            .call(
                Method::POST,
                "/v1/posts",
                Some(&a),
                Some(json!({"text": text})),
            )
            .await;
        earlier.insert(0, reply.body["id"].as_str().unwrap().to_owned());
    }
    stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&a),
            Some(json!({"text": "psst @carol", "visibility": "mentioned"})),
        )
        .await;
    assert!(feed(&stack, &b).await.is_empty());
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let ids = eventually(&stack, &b, |ids| ids.len() == 2).await;
    assert_eq!(
        ids, earlier,
        "the public posts from before the follow arrive, newest first"
    );

    // Redelivering the event changes nothing.
    let bob = stack.call(Method::GET, "/v1/me", Some(&b), None).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let alice = stack.call(Method::GET, "/v1/me", Some(&a), None).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = json!({"detail-type": "user.followed", "detail": {"data": {"follower_id": bob, "followee_id": alice}}});
    let backfill = event_handler("backfill-feed").unwrap();
    for _ in 0..2 {
        (backfill.handler)(stack.app, event.clone()).await.unwrap();
    }
    assert_eq!(feed_size(stack.app, &bob).await, 2);
}
