//! Notifications on the local stack (not a test: `scripts/bench-notifications`
//! runs it against moto and prints the numbers): DynamoDB calls per
//! notification written (a new group, a grown group, a single notification),
//! per page (grouped and flat) and per unread count, counted by the SDK
//! interceptor; then a burst of `KITH_BENCH_EVENTS` (default 1000) reaction
//! events on one post from as many accounts, `KITH_BENCH_IN_FLIGHT` (default
//! 8) handled at once (grouping under contention), with the final group's
//! count checked against the number of accounts.

use futures_util::StreamExt;
use kith::notifications::events::notify;
use kith::notifications::model::Kind;
use kith::notifications::service::{Listing, page};
use kith_tests::{Stack, counted, seed_accounts};
use serde_json::{Value, json};
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An EventBridge delivery of `detail_type` with `data`, under a fresh event id.
fn delivery(detail_type: &str, data: Value) -> Value {
    json!({
        "version": "0", "id": "bench", "detail-type": detail_type, "source": "kith",
        "account": "1", "time": "2026-12-02T12:00:00Z", "region": "us-east-1", "resources": [],
        "detail": {"id": ulid::Ulid::generate().to_string(), "version": 1, "occurred_at": 0, "data": data}
    })
}

fn reaction(post: &str, author: &str, fan: &str) -> Value {
    delivery(
        "reaction.added",
        json!({"target": format!("post:{post}"), "target_author_id": author,
               "user_id": fan, "kind": "like", "previous": null}),
    )
}

/// The post's author, with a verified address (digests go only to those): (id, token).
async fn verified_author(app: &kith::platform::context::App) -> (String, String) {
    let now = time::OffsetDateTime::now_utc();
    let email = kith_tests::unique_email("author");
    let user = kith::accounts::user::User::new("author", &email, "unused".into(), now);
    let token = kith::accounts::tokens::OneTimeToken {
        digest: ulid::Ulid::generate().to_string(),
        purpose: kith::accounts::tokens::TokenPurpose::VerifyEmail,
        user_id: user.id.clone(),
        email,
        expires_at: now.unix_timestamp() + 3600,
    };
    let store = &app.store;
    store
        .create_user(&user, "author", &token.email, &token)
        .await
        .unwrap();
    store.verify_email(&token).await.unwrap();
    let access = app.tokens.issue(&user.id, now.unix_timestamp()).unwrap();
    (user.id, access)
}

#[tokio::main]
async fn main() {
    let events = env("KITH_BENCH_EVENTS", 1000);
    let in_flight = env("KITH_BENCH_IN_FLIGHT", 8);
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 1_000_000);
    let author = verified_author(app).await;
    let post = stack.post_id(&author.1, json!({"text": "go viral"})).await;
    // Bulk-loaded: the handler checks that each actor's account exists.
    let fans = seed_accounts(app, "fan", events.max(3)).await;

    println!(
        "DynamoDB calls (handler `notify`, author not connected; the live push's reads included):"
    );
    for (what, event) in [
        ("reaction, new group", reaction(&post, &author.0, &fans[0])),
        (
            "reaction, grown group",
            reaction(&post, &author.0, &fans[1]),
        ),
        (
            "reaction, repeated (redelivery)",
            reaction(&post, &author.0, &fans[1]),
        ),
    ] {
        calls.reset();
        notify(app, event).await.unwrap();
        println!(
            "  {what:<34} {:>3} calls, {} writes",
            calls.all(),
            calls.writes()
        );
    }
    let comment = delivery(
        "comment.created",
        json!({"comment_id": ulid::Ulid::generate().to_string(), "post_id": post,
               "post_author_id": author.0, "author_id": fans[2], "parent_id": null, "parent_author_id": null}),
    );
    calls.reset();
    notify(app, comment).await.unwrap();
    println!(
        "  {:<34} {:>3} calls, {} writes",
        "comment (never grouped)",
        calls.all(),
        calls.writes()
    );

    for grouped in [true, false] {
        let listing = Listing {
            grouped,
            requests: false,
            kinds: Vec::<Kind>::new(),
        };
        calls.reset();
        let (items, _) = page(app, &author.0, &listing, 20, None).await.unwrap();
        let how = if grouped { "grouped" } else { "flat" };
        println!(
            "  page of 20, {how:<8} ({} items)       {:>3} calls",
            items.len(),
            calls.all()
        );
    }
    calls.reset();
    let read = app.store.read_state(&author.0).await.unwrap();
    app.store
        .unread_notifications(&author.0, read.read_before)
        .await
        .unwrap();
    println!("  {:<34} {:>3} calls", "unread count", calls.all());

    // The author's digest, sent by the hourly run of the hour it is due in.
    let pending = app.store.pending_digest(&author.0).await.unwrap();
    let due = pending
        .expect("the first notification scheduled a digest")
        .due;
    calls.reset();
    let sent = kith::notifications::digest::send_due(app, due, due)
        .await
        .unwrap();
    println!(
        "  {:<34} {:>3} calls ({sent} sent; 25 are the run's hourly queries)",
        "hourly digest run, one digest",
        calls.all()
    );
    calls.reset();
    kith::operations::events::count_activity(app, reaction(&post, &author.0, &fans[2]))
        .await
        .unwrap();
    println!(
        "  {:<34} {:>3} calls, {} writes",
        "activity counted (count-activity)",
        calls.all(),
        calls.writes()
    );
    calls.reset();
    let day = kith::platform::store::counters::day_of(kith::platform::clock::now_ms());
    kith::operations::service::send(app, &day, true)
        .await
        .unwrap();
    println!(
        "  {:<34} {:>3} calls (one operator; SQS and SES not counted)",
        "daily report",
        calls.all()
    );

    let started = Instant::now();
    let burst: Vec<Value> = fans
        .iter()
        .skip(2)
        .map(|fan| reaction(&post, &author.0, fan))
        .collect();
    let sent = burst.len();
    calls.reset();
    let mut handled = futures_util::stream::iter(burst)
        .map(|event| async move { (notify(app, event.clone()).await, event) })
        .buffer_unordered(in_flight);
    let mut failed = Vec::new();
    while let Some((outcome, event)) = handled.next().await {
        if outcome.is_err() {
            failed.push(event);
        }
    }
    drop(handled);
    // What the event source would do with a failed invocation: deliver again.
    let retried = failed.len();
    for event in failed {
        notify(app, event).await.expect("a redelivery succeeds");
    }
    let elapsed = started.elapsed();
    let group_id = format!(
        "reaction-post-{post}-{}",
        kith::platform::clock::now_ms() / 86_400_000
    );
    let group = app
        .store
        .notification_group(&author.0, &group_id)
        .await
        .unwrap()
        .expect("the group exists");
    let expected = sent as u64 + 2;
    println!(
        "burst: {sent} reaction events from distinct accounts on one post, {in_flight} in flight: \
         {:.1} s ({:.0} events/s), {} DynamoDB calls ({:.1} per event), {retried} events \
         redelivered after giving up on a lost race",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64(),
        calls.all(),
        calls.all() as f64 / sent as f64,
    );
    println!(
        "final group count {} (expected {expected}): {}",
        group.count,
        if group.count == expected {
            "exact"
        } else {
            "WRONG"
        }
    );
    assert_eq!(group.count, expected);
}
