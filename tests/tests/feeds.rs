//! Home feeds end to end: the post travels API -> outbox -> stream ->
//! publish-events -> bus -> rule -> fanout-post -> followers' feeds, and
//! leaves them when deleted. Also redelivery, filtering, the celebrity path
//! and the cost of reading a page.

use kith::feeds::model::Mode;
use kith::feeds::store::FeedLookup;
use kith::functions::event_handler;
use kith::platform::context::App;
use kith::posts::service::NewPost;
use kith::posts::service::create;
use kith_tests::{Stack, counted, follow, ids, quick_user, seed_accounts, seed_follows};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

async fn feed(stack: &Stack, token: &str) -> Vec<String> {
    feed_in(stack, token, "chronological").await
}

/// The feed in `mode` ("": the default order).
async fn feed_in(stack: &Stack, token: &str, mode: &str) -> Vec<String> {
    let query = if mode.is_empty() {
        String::new()
    } else {
        format!("&mode={mode}")
    };
    let page = stack
        .call(
            Method::GET,
            &format!("/v1/feed?limit=20{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(page.status.as_u16(), 200, "{page:?}");
    ids(&page.body)
}

/// Polls the feed (up to 15 s) until `check` holds.
async fn eventually(stack: &Stack, token: &str, check: impl Fn(&[String]) -> bool) -> Vec<String> {
    eventually_in(stack, token, "chronological", check).await
}

async fn eventually_in(
    stack: &Stack,
    token: &str,
    mode: &str,
    check: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let ids = feed_in(stack, token, mode).await;
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
        .call(Method::GET, "/v1/feed?limit=21", Some(&b), None)
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
        .feed_entries(user_id, 100, None)
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
        quote_of: None,
        media: Vec::new(),
    }
}

fn graph_event(detail_type: &str, from: &str, to: &str) -> Value {
    json!({"detail-type": detail_type, "source": "kith", "detail": {"data": {"follower_id": from, "followee_id": to}}})
}

/// Runs a handler the way its rule would, with `app`'s configuration.
async fn deliver(app: &'static App, function: &str, event: Value) {
    (event_handler(function).unwrap().handler)(app, event)
        .await
        .unwrap();
}

async fn publish(app: &'static App, author: &str, text: &str) -> String {
    let (post, _) = create(app, author, self::text(text), None).await.unwrap();
    deliver(
        app,
        "fanout-post",
        post_event("post.created", &post.id, author),
    )
    .await;
    post.id
}

#[tokio::test]
async fn a_feed_page_costs_three_calls_whatever_the_number_followed() {
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 3);
    let reader = quick_user(app, "reader").await;
    let star = quick_user(app, "star").await;
    // The reader follows 500 accounts (bulk-loaded: moto copies the whole
    // table per transaction) and the star, whom three fans also follow.
    let followed = seed_accounts(app, "acct", 500).await;
    let fans = seed_accounts(app, "fan", 3).await;
    let mut edges: Vec<(&str, &str)> = followed
        .iter()
        .map(|a| (reader.as_str(), a.as_str()))
        .collect();
    edges.extend(fans.iter().map(|f| (f.as_str(), star.as_str())));
    seed_follows(app, &edges).await;
    follow(app, &reader, &star).await;
    deliver(
        app,
        "backfill-feed",
        graph_event("user.followed", &reader, &star),
    )
    .await;

    let mut expected = vec![publish(app, &star, "early star").await];
    for author in followed.iter().take(24) {
        expected.push(publish(app, author, "hello").await);
    }
    expected.push(publish(app, &star, "late star").await);
    // A followed account reposts an earlier post: its original comes along.
    let (repost, _) = kith::engagement::reposts::repost(app, &followed[0], &expected[3])
        .await
        .unwrap();
    deliver(
        app,
        "fanout-post",
        post_event("post.created", &repost.id, &followed[0]),
    )
    .await;
    expected.push(repost.id);
    expected.reverse();
    let pushed = app.store.feed_entries(&reader, 100, None).await.unwrap().0;
    assert_eq!(pushed.len(), 25, "the star's posts are pulled, not pushed");

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        calls.reset();
        let page = kith::feeds::service::home(
            app,
            &reader,
            20,
            after,
            std::future::ready(Ok(Mode::Chronological)),
        )
        .await
        .unwrap();
        let used = calls.all();
        assert!(used <= 3, "a feed page took {used} DynamoDB calls");
        if let Some((first, _)) = page.posts.first()
            && first.repost_of.is_some()
        {
            let original = &first.repost_of.as_ref().unwrap().id;
            assert!(
                page.originals.iter().any(|(o, _)| &o.id == original),
                "the original comes with the page"
            );
        }
        seen.extend(page.posts.into_iter().map(|(p, _)| p.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        seen, expected,
        "pushed and pulled posts, newest first, each once"
    );
}

#[tokio::test]
async fn a_celebrity_is_promoted_then_pulled_at_constant_cost() {
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 20);
    let star = quick_user(app, "star").await;
    let early = publish(app, &star, "before fame").await;
    let fans = seed_accounts(app, "fan", 40).await;
    let edges: Vec<(&str, &str)> = fans.iter().map(|f| (f.as_str(), star.as_str())).collect();
    seed_follows(app, &edges).await;
    for _ in 0..2 {
        deliver(
            app,
            "backfill-feed",
            graph_event("user.followed", &fans[0], &star),
        )
        .await;
    }
    assert!(app.store.user(&star).await.unwrap().unwrap().celebrity);

    let (post, _) = create(app, &star, text("to the masses"), None)
        .await
        .unwrap();
    let post = post.id;
    for _ in 0..2 {
        calls.reset();
        deliver(app, "fanout-post", post_event("post.created", &post, &star)).await;
        let (used, writes) = (calls.all(), calls.writes());
        assert!(
            used <= 5 && writes <= 2,
            "a celebrity fan-out took {used} calls, {writes} writes"
        );
    }
    // (The stack's own pipeline may push the pre-fame post late; never this one.)
    let pushed = app.store.feed_entries(&fans[1], 100, None).await.unwrap().0;
    assert!(pushed.iter().all(|e| e.post_id != post), "nothing pushed");
    assert_eq!(feed_size(app, &star).await, 2, "the author's own feed");
    let ids = |page: kith::posts::reading::PostPage| -> Vec<String> {
        page.posts.into_iter().map(|(p, _)| p.id).collect()
    };
    let home = |reader: String| async move {
        kith::feeds::service::home(
            app,
            &reader,
            20,
            None,
            std::future::ready(Ok(Mode::Chronological)),
        )
        .await
        .unwrap()
    };
    assert_eq!(
        ids(home(fans[1].clone()).await),
        [post.clone(), early.clone()]
    );

    // Edits and deletes rebuild the pulled item; unfollows drop the pull.
    kith::posts::service::delete(app, &star, &early)
        .await
        .unwrap();
    deliver(
        app,
        "fanout-post",
        post_event("post.deleted", &early, &star),
    )
    .await;
    assert_eq!(ids(home(fans[1].clone()).await), [post.as_str()]);
    kith::graph::service::unfollow(app, &fans[2], "star")
        .await
        .unwrap();
    assert!(
        ids(home(fans[2].clone()).await).is_empty(),
        "read filters at once"
    );
    deliver(
        app,
        "backfill-feed",
        graph_event("user.unfollowed", &fans[2], &star),
    )
    .await;
    deliver(
        app,
        "backfill-feed",
        graph_event("user.unfollowed", &fans[2], &star),
    )
    .await;
    calls.reset();
    assert!(ids(home(fans[2].clone()).await).is_empty());
    assert_eq!(calls.all(), 2, "no pulled set left to read");

    // A new follower of a celebrity pulls instead of being backfilled.
    let late = quick_user(app, "late").await;
    follow(app, &late, &star).await;
    deliver(
        app,
        "backfill-feed",
        graph_event("user.followed", &late, &star),
    )
    .await;
    assert_eq!(feed_size(app, &late).await, 0);
    assert_eq!(ids(home(late).await), [post]);
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
    let event = json!({"detail-type": "user.followed", "source": "kith", "detail": {"data": {"follower_id": bob, "followee_id": alice}}});
    let backfill = event_handler("backfill-feed").unwrap();
    for _ in 0..2 {
        (backfill.handler)(stack.app, event.clone()).await.unwrap();
    }
    assert_eq!(feed_size(stack.app, &bob).await, 2);
}

#[tokio::test]
async fn ranked_mode_favours_the_authors_a_reader_talks_to() {
    const ADMIN: &str = "01KADM1N000000000000000000";
    let stack = Stack::start_with(|app| app.config.admins = vec![ADMIN.into()]).await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    let (reader, _) = stack.signed_in("reader").await;
    for who in ["alice", "bob"] {
        stack
            .call(
                Method::POST,
                &format!("/v1/users/{who}/follow"),
                Some(&reader),
                None,
            )
            .await;
    }
    let write = |token: &str, body: Value| {
        let token = token.to_owned();
        let stack = &stack;
        async move {
            let reply = stack
                .call(Method::POST, "/v1/posts", Some(&token), Some(body))
                .await;
            reply.body["id"].as_str().unwrap().to_owned()
        }
    };
    let older = write(&a, json!({"text": "alice, earlier"})).await;
    let newer = write(&b, json!({"text": "bob, later"})).await;
    let position = |ids: &[String], id: &str| ids.iter().position(|i| i == id);
    // The reader answers alice twice: a reply and a mention.
    write(&reader, json!({"text": "good point", "reply_to": older})).await;
    let mention = write(&reader, json!({"text": "hey @alice"})).await;

    let ranked = eventually_in(&stack, &reader, "ranked", |ids| {
        ids.len() == 4 && position(ids, &older) < position(ids, &newer)
    })
    .await;
    assert!(
        position(&ranked, &older) < position(&ranked, &newer),
        "alice's post, replied to by the reader, ranks above bob's newer one: {ranked:?}"
    );
    let chronological = eventually(&stack, &reader, |ids| ids.len() == 4).await;
    assert!(position(&chronological, &newer) < position(&chronological, &older));
    assert_eq!(
        feed_in(&stack, &reader, "").await,
        chronological,
        "the default"
    );
    // The feed-ranking experiment, all in its ranked arm, changes the default.
    let experiment = serde_json::from_value(json!({"enabled": true, "rollout_percent": 100,
        "variants": [{"name": "ranked", "weight": 1}]}))
    .unwrap();
    kith::flags::service::put(stack.app, ADMIN, "feed-ranking", experiment)
        .await
        .unwrap();
    let default = feed_in(&stack, &reader, "").await;
    assert!(
        position(&default, &older) < position(&default, &newer),
        "the experiment's arm: {default:?}"
    );
    stack
        .call(Method::GET, "/v1/feed?mode=popular", Some(&reader), None)
        .await
        .problem(400);

    // Redelivering the mention counts nothing more.
    let me = |token: String| {
        let stack = &stack;
        async move {
            let body = stack
                .call(Method::GET, "/v1/me", Some(&token), None)
                .await
                .body;
            body["id"].as_str().unwrap().to_owned()
        }
    };
    let (reader_id, alice_id) = (me(reader.clone()).await, me(a.clone()).await);
    let affinity = || async {
        let lookup = FeedLookup {
            authors: vec![alice_id.as_str()],
            ..FeedLookup::default()
        };
        stack
            .app
            .store
            .feed_lookup(&reader_id, &lookup)
            .await
            .unwrap()
            .affinity[&alice_id]
    };
    assert_eq!(affinity().await, 2, "a reply and a mention");
    for _ in 0..2 {
        deliver(
            stack.app,
            "fanout-post",
            post_event("post.created", &mention, &reader_id),
        )
        .await;
    }
    assert_eq!(affinity().await, 2);
}
