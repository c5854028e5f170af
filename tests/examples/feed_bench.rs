//! Fan-out and feed-read benchmark against moto (not a test). Run it with
//! `scripts/bench-feed`, which starts moto. Prints, per follower count F, the
//! DynamoDB calls and wall time of one fan-out (pushed to every follower, and
//! for a celebrity, pulled), then the calls and p50/p99 handler time of
//! reading a feed page. Accounts and follow edges are bulk-loaded.

use kith::feeds::model::Mode;
use kith::functions::event_handler;
use kith::platform::context::App;
use kith::posts::service::NewPost;
use kith::posts::service::create;
use kith_tests::{Stack, counted, quick_user, seed_accounts, seed_follows};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10, 1_000, 10_000]
    } else {
        sizes
    };
    println!("| followers F | path | fan-out DynamoDB calls | write calls | fan-out wall time |");
    println!("|---:|---|---:|---:|---:|");
    for &followers in &sizes {
        for (path, threshold) in [("push", u64::MAX), ("celebrity (pull)", 1)] {
            let stack = Stack::start().await;
            let (app, calls) = counted(&stack, threshold);
            let author = quick_user(app, "author").await;
            let fans = seed_accounts(app, "fan", followers).await;
            let edges: Vec<(&str, &str)> =
                fans.iter().map(|f| (f.as_str(), author.as_str())).collect();
            seed_follows(app, &edges).await;
            if threshold == 1 {
                deliver(app, "backfill-feed", followed(&fans[0], &author)).await;
            }
            let (post, _) = create(app, &author, text("bench"), None).await.unwrap();
            calls.reset();
            let started = Instant::now();
            deliver(app, "fanout-post", created(&post.id, &author)).await;
            let elapsed = started.elapsed();
            println!(
                "| {followers} | {path} | {} | {} | {:.1} ms |",
                calls.all(),
                calls.writes(),
                ms(elapsed)
            );
        }
    }

    // Feed reads: a reader following 500 accounts, 100 of which posted, and
    // a celebrity with 20 recent posts.
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 2);
    let reader = quick_user(app, "reader").await;
    let star = quick_user(app, "star").await;
    let authors = seed_accounts(app, "a", 500).await;
    let fans = seed_accounts(app, "fan", 2).await;
    let mut edges: Vec<(&str, &str)> = authors
        .iter()
        .map(|a| (reader.as_str(), a.as_str()))
        .collect();
    edges.push((reader.as_str(), star.as_str()));
    edges.extend(fans.iter().map(|f| (f.as_str(), star.as_str())));
    seed_follows(app, &edges).await;
    deliver(app, "backfill-feed", followed(&reader, &star)).await;
    for (i, author) in authors.iter().take(100).enumerate() {
        let (post, _) = create(app, author, text(&format!("post {i}")), None)
            .await
            .unwrap();
        deliver(app, "fanout-post", created(&post.id, author)).await;
        if i % 5 == 0 {
            let (post, _) = create(app, &star, text("star"), None).await.unwrap();
            deliver(app, "fanout-post", created(&post.id, &star)).await;
        }
    }
    let reads = 200;
    let mut times = Vec::with_capacity(reads);
    calls.reset();
    for _ in 0..reads {
        let started = Instant::now();
        let page = kith::feeds::service::home(
            app,
            &reader,
            20,
            None,
            std::future::ready(Ok(Mode::Chronological)),
        )
        .await
        .unwrap();
        times.push(started.elapsed());
        assert_eq!(page.posts.len(), 20);
    }
    times.sort();
    println!();
    println!(
        "| feed page (20 posts; 501 followed, one a celebrity) | DynamoDB calls per page | p50 | p99 |"
    );
    println!("|---|---:|---:|---:|");
    println!(
        "| {reads} reads of `feeds::home` | {} | {:.1} ms | {:.1} ms |",
        calls.all() / reads,
        ms(times[reads / 2]),
        ms(times[reads * 99 / 100])
    );
}

async fn deliver(app: &'static App, function: &str, event: Value) {
    (event_handler(function).unwrap().handler)(app, event)
        .await
        .unwrap();
}

fn created(post_id: &str, author: &str) -> Value {
    json!({"detail-type": "post.created",
           "detail": {"data": {"post_id": post_id, "author_id": author, "visibility": "public"}}})
}

fn followed(follower: &str, followee: &str) -> Value {
    json!({"detail-type": "user.followed",
           "detail": {"data": {"follower_id": follower, "followee_id": followee}}})
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
