//! Fan-out and feed-read benchmark against moto (not a test). Run it with
//! `scripts/bench-feed`, which starts moto. Prints, per follower count F, the
//! DynamoDB calls and wall time of one fan-out, then the calls and p50/p99
//! handler time of reading a feed page.

use kith::handlers::event_handler;
use kith::services::posts::{NewPost, create};
use kith_tests::{Stack, counted, follow, quick_user};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const THRESHOLD: u64 = 10_000;

#[tokio::main]
async fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10, 1_000]
    } else {
        sizes
    };
    println!("| followers F | fan-out DynamoDB calls | fan-out wall time |");
    println!("|---:|---:|---:|");
    for &followers in &sizes {
        let stack = Stack::start().await;
        let (app, calls) = counted(&stack, THRESHOLD);
        let author = quick_user(app, "author").await;
        for i in 0..followers {
            let fan = quick_user(app, &format!("fan{i}")).await;
            follow(app, &fan, &author).await;
        }
        let new = NewPost {
            text: "bench".into(),
            visibility: Default::default(),
            content_warning: None,
            reply_to: None,
        };
        let (post, _) = create(app, &author, new, None).await.unwrap();
        let event = json!({"detail-type": "post.created", "source": "kith",
            "detail": {"id": "bench", "version": 1, "occurred_at": 0,
                       "data": {"post_id": post.id, "author_id": author, "visibility": "public", "created_at": 0}}});
        let fanout = event_handler("fanout-post").unwrap();
        calls.0.store(0, Ordering::SeqCst);
        let started = Instant::now();
        (fanout.handler)(app, event).await.unwrap();
        let elapsed = started.elapsed();
        println!(
            "| {followers} | {} | {:.1} ms |",
            calls.0.load(Ordering::SeqCst),
            ms(elapsed)
        );
    }

    // Feed reads: a reader following 100 accounts that posted 100 posts.
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, THRESHOLD);
    let reader = quick_user(app, "reader").await;
    let fanout = event_handler("fanout-post").unwrap();
    for i in 0..100 {
        let author = quick_user(app, &format!("a{i}")).await;
        follow(app, &reader, &author).await;
        let new = NewPost {
            text: format!("post {i}"),
            visibility: Default::default(),
            content_warning: None,
            reply_to: None,
        };
        let (post, _) = create(app, &author, new, None).await.unwrap();
        let event = json!({"detail-type": "post.created", "detail": {"data": {"post_id": post.id, "author_id": author, "visibility": "public"}}});
        (fanout.handler)(app, event).await.unwrap();
    }
    let mut times = Vec::new();
    calls.0.store(0, Ordering::SeqCst);
    let reads = 200;
    for _ in 0..reads {
        let started = Instant::now();
        let page = kith::services::feeds::home(app, &reader, 30, None)
            .await
            .unwrap();
        times.push(started.elapsed());
        assert_eq!(page.posts.len(), 30);
    }
    times.sort();
    println!();
    println!("| feed page (30 posts, 100 followed) | DynamoDB calls per page | p50 | p99 |");
    println!("|---|---:|---:|---:|");
    println!(
        "| {reads} reads | {} | {:.1} ms | {:.1} ms |",
        calls.0.load(Ordering::SeqCst) / reads,
        ms(times[reads / 2]),
        ms(times[reads * 99 / 100])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
