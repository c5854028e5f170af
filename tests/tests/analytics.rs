//! Per-post analytics end to end: reported views travel as one event to
//! `count-activity`, count once per viewer per post per day and never on
//! one's own posts; reactions, comments and reposts land on the post's day;
//! only the author reads them.

use kith_tests::{Reply, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

async fn report(stack: &Stack, token: &str, ids: &[&str]) -> Reply {
    stack
        .call(
            Method::POST,
            "/v1/analytics/views",
            Some(token),
            Some(json!({ "post_ids": ids })),
        )
        .await
}

/// Polls `path` (up to 20 s) until today's counts are `expected`
/// (views, reactions, comments, reposts).
async fn today_becomes(
    stack: &Stack,
    token: &str,
    path: &str,
    expected: (u64, u64, u64, u64),
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let reply = stack.call(Method::GET, path, Some(token), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let today = reply.body["days"][0].clone();
        let got = ["views", "reactions", "comments", "reposts"].map(|f| today[f].as_u64().unwrap());
        if (got[0], got[1], got[2], got[3]) == expected || tokio::time::Instant::now() > deadline {
            assert_eq!(
                (got[0], got[1], got[2], got[3]),
                expected,
                "{path}: {}",
                reply.body
            );
            return reply.body;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn views_count_once_per_viewer_per_post_per_day_and_only_the_author_reads_them() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let first = stack.post_id(&alice, json!({"text": "one"})).await;
    let second = stack.post_id(&alice, json!({"text": "two"})).await;

    let accepted = report(&stack, &bob, &[&first, &second, &first]).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{accepted:?}");
    assert_eq!(accepted.body["accepted"], 2, "distinct posts");
    report(&stack, &carol, &[&first]).await;
    report(&stack, &bob, &[&first]).await; // again today: no second view
    report(&stack, &alice, &[&first]).await; // her own: not counted
    let page = today_becomes(
        &stack,
        &alice,
        &format!("/v1/posts/{first}/analytics"),
        (2, 0, 0, 0),
    )
    .await;
    assert_eq!(page["days"].as_array().unwrap().len(), 30);
    assert_eq!(page["totals"]["views"], 2);
    assert_eq!(page["days"][0]["unique_viewers"], 2);
    today_becomes(
        &stack,
        &alice,
        &format!("/v1/posts/{second}/analytics"),
        (1, 0, 0, 0),
    )
    .await;
    today_becomes(&stack, &alice, "/v1/me/analytics", (3, 0, 0, 0)).await;
    // And the operators' daily report counts them.
    let today = kith::platform::store::counters::day_of(kith::platform::clock::now_ms());
    let counters = stack.app.store.counters(&today).await.unwrap();
    assert_eq!(counters.get("views"), Some(&3));
    let bobs = stack
        .call(Method::GET, "/v1/me/analytics", Some(&bob), None)
        .await;
    assert_eq!(bobs.body["totals"]["views"], 0, "bob wrote nothing");

    // Someone else's post: 403 if they can see it, 404 if not (or gone).
    stack
        .call(
            Method::GET,
            &format!("/v1/posts/{first}/analytics"),
            Some(&bob),
            None,
        )
        .await
        .problem(403);
    let hidden = stack
        .post_id(
            &alice,
            json!({"text": "friends", "visibility": "followers"}),
        )
        .await;
    stack
        .call(
            Method::GET,
            &format!("/v1/posts/{hidden}/analytics"),
            Some(&bob),
            None,
        )
        .await
        .problem(404);
    stack
        .call(
            Method::GET,
            "/v1/posts/01JF3Z8Q4V6N2B7C9D0E1F2G3H/analytics",
            Some(&alice),
            None,
        )
        .await
        .problem(404);

    // Bad reports are refused whole.
    let many: Vec<String> = (0..101)
        .map(|_| ulid::Ulid::generate().to_string())
        .collect();
    for body in [
        json!({"post_ids": []}),
        json!({"post_ids": many}),
        json!({"post_ids": ["not-an-id"]}),
    ] {
        stack
            .call(Method::POST, "/v1/analytics/views", Some(&bob), Some(body))
            .await
            .problem(422);
    }
    stack
        .call(
            Method::POST,
            "/v1/analytics/views",
            Some(&bob),
            Some(json!({"post_ids": [first], "extra": 1})),
        )
        .await
        .problem(400);
}

#[tokio::test]
async fn reactions_comments_and_reposts_count_on_the_posts_day() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let id = stack.post_id(&alice, json!({"text": "worth it"})).await;
    report(&stack, &bob, &[&id]).await;
    let path = |suffix: &str| format!("/v1/posts/{id}/{suffix}");
    let reacted = stack
        .call(
            Method::PUT,
            &path("reaction"),
            Some(&bob),
            Some(json!({"kind": "love"})),
        )
        .await;
    assert!(reacted.status.is_success(), "{reacted:?}");
    // Changing the reaction is not a second one.
    stack
        .call(
            Method::PUT,
            &path("reaction"),
            Some(&bob),
            Some(json!({"kind": "haha"})),
        )
        .await;
    let commented = stack
        .call(
            Method::POST,
            &path("comments"),
            Some(&bob),
            Some(json!({"text": "agreed"})),
        )
        .await;
    assert!(commented.status.is_success(), "{commented:?}");
    let reposted = stack
        .call(Method::POST, &path("repost"), Some(&bob), None)
        .await;
    assert!(reposted.status.is_success(), "{reposted:?}");

    let page = today_becomes(&stack, &alice, &path("analytics"), (1, 1, 1, 1)).await;
    assert_eq!(page["days"][0]["engagement_rate"], 3.0);
    today_becomes(&stack, &alice, "/v1/me/analytics", (1, 1, 1, 1)).await;
}

#[tokio::test]
async fn a_redelivered_or_repeated_report_counts_nothing_more() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let id = stack.post_id(&alice, json!({"text": "seen"})).await;
    let bob_id = stack.id_of(&bob).await;
    let delivery = |event_id: String| {
        json!({
            "version": "0", "id": "e", "detail-type": "views.reported", "source": "kith",
            "account": "1", "time": "2026-12-08T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"id": event_id, "version": 1, "occurred_at": 0,
                "data": {"viewer_id": bob_id, "post_ids": [id], "weight": 1.0}}
        })
    };
    let event = delivery(ulid::Ulid::generate().to_string());
    // The same event twice (a redelivery), then another report of the same
    // post the same day (a new event): one view.
    for event in [
        event.clone(),
        event,
        delivery(ulid::Ulid::generate().to_string()),
    ] {
        kith::operations::events::count_activity(stack.app, event)
            .await
            .unwrap();
    }
    let analytics = format!("/v1/posts/{id}/analytics");
    let page = today_becomes(&stack, &alice, &analytics, (1, 0, 0, 0)).await;
    assert_eq!(page["totals"]["views"], 1);
}
