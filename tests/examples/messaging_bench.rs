//! Messaging on the local stack (not a test: `scripts/bench-messaging` runs
//! it against moto and prints the numbers): DynamoDB calls per send, history
//! page and conversation-list page through the real HTTP handlers (counted by
//! the SDK interceptor), send-to-receive latency between two connected
//! clients, and the time to push one message to a 50-member group with every
//! member connected. `KITH_BENCH_MESSAGES` (default 1000) sets the count,
//! `KITH_BENCH_IN_FLIGHT` (default 1) how many sends go out before their
//! frames are awaited.

use futures_util::future::join_all;
use kith::messaging::model::{AllowFrom, Settings};
use kith_tests::{Reply, Socket, Stack, counted, seed_signed_in};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Percentile `p` (0-100) of sorted durations, in milliseconds.
fn pct(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p / 100.0).round() as usize;
    sorted[at].as_secs_f64() * 1e3
}

async fn open_to_all(stack: &Stack, ids: &[&str]) {
    let settings = Settings {
        allow_from: AllowFrom::Everyone,
        ..Settings::default()
    };
    for id in ids {
        stack
            .app
            .store
            .put_messaging_settings(id, &settings)
            .await
            .unwrap();
    }
}

async fn start(stack: &Stack, token: &str, members: Vec<String>, title: Option<&str>) -> String {
    let reply = stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(token),
            Some(json!({"members": members, "title": title})),
        )
        .await;
    assert!(reply.status.is_success(), "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

/// Sends a message through `base` and returns its id.
async fn send(stack: &Stack, base: &str, token: &str, convo: &str, text: &str) -> String {
    let response = stack
        .http
        .post(format!("{base}/v1/conversations/{convo}/messages"))
        .bearer_auth(token)
        .json(&json!({"text": text}))
        .send()
        .await
        .unwrap();
    let reply = Reply::read(response).await;
    assert!(reply.status.is_success(), "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

/// Waits for `wanted` `message.created` frames whose text starts with
/// `prefix`, returning when each came.
async fn arrivals(socket: &mut Socket, wanted: usize, prefix: &str) -> HashMap<String, Instant> {
    let mut seen = HashMap::new();
    while seen.len() < wanted {
        let frame: Value = socket.next_event(60).await.expect("frames keep coming");
        let text = frame["data"]["message"]["text"]
            .as_str()
            .unwrap_or_default();
        if frame["event"] == "message.created" && text.starts_with(prefix) {
            let id = frame["data"]["message_id"].as_str().unwrap().to_owned();
            seen.entry(id).or_insert_with(Instant::now);
        }
    }
    seen
}

#[tokio::main]
async fn main() {
    let messages: usize = std::env::var("KITH_BENCH_MESSAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let stack = Stack::start().await;
    let people = seed_signed_in(&stack, "member", 50).await;
    let ids: Vec<&str> = people.iter().map(|(id, _)| id.as_str()).collect();
    open_to_all(&stack, &ids).await;
    let names: Vec<String> = (0..50).map(|i| format!("member{i}")).collect();
    let (alice, bob) = (&people[0].1, &people[1].1);

    // Calls per request, through a second host whose context counts them.
    let (app, calls) = counted(&stack, 10_000);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let counted_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(kith_local::host::serve(
        app,
        listener,
        kith_local::OPENAPI,
        std::future::pending(),
    ));
    let direct = start(&stack, alice, vec![names[1].clone()], None).await;
    let group = start(&stack, alice, names[1..].to_vec(), Some("Fifty")).await;
    for i in 0..25 {
        send(&stack, &stack.base, alice, &direct, &format!("warm-up {i}")).await;
    }
    println!("| request | DynamoDB calls | of which writes |");
    println!("|---|---:|---:|");
    let measure = async |name: &str, method: Method, path: String, body: Option<Value>| {
        calls.reset();
        let mut req = stack
            .http
            .request(method, format!("{counted_base}{path}"))
            .bearer_auth(alice);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let reply = Reply::read(req.send().await.unwrap()).await;
        assert!(reply.status.is_success(), "{name}: {reply:?}");
        println!("| {name} | {} | {} |", calls.all(), calls.writes());
    };
    measure(
        "send a message (direct)",
        Method::POST,
        format!("/v1/conversations/{direct}/messages"),
        Some(json!({"text": "counted"})),
    )
    .await;
    measure(
        "send a message (group of 50)",
        Method::POST,
        format!("/v1/conversations/{group}/messages"),
        Some(json!({"text": "counted"})),
    )
    .await;
    measure(
        "history page (20, direct)",
        Method::GET,
        format!("/v1/conversations/{direct}/messages"),
        None,
    )
    .await;
    measure(
        "history page (20, group)",
        Method::GET,
        format!("/v1/conversations/{group}/messages"),
        None,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    measure(
        "conversation list page",
        Method::GET,
        "/v1/conversations".into(),
        None,
    )
    .await;
    measure("unread totals", Method::GET, "/v1/me/unread".into(), None).await;
    measure(
        "a conversation with 50 members",
        Method::GET,
        format!("/v1/conversations/{group}"),
        None,
    )
    .await;

    // Send-to-receive latency: Alice sends, Bob's connection receives.
    let mut at_bob = stack.connect(bob).await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    while at_bob.next(1).await.is_some() {} // what the warm-up left
    let in_flight: usize = std::env::var("KITH_BENCH_IN_FLIGHT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    // Each window of `in_flight` sends is received in full before the next.
    let started = Instant::now();
    let mut sent_at = HashMap::new();
    let mut received = HashMap::new();
    let (stack_ref, direct_ref) = (&stack, direct.as_str());
    for chunk in (0..messages).collect::<Vec<_>>().chunks(in_flight) {
        let sends = chunk.iter().map(|i| async move {
            let at = Instant::now();
            let text = format!("latency {i}");
            (
                send(stack_ref, &stack_ref.base, alice, direct_ref, &text).await,
                at,
            )
        });
        sent_at.extend(join_all(sends).await);
        received.extend(arrivals(&mut at_bob, chunk.len(), "latency ").await);
    }
    let total = started.elapsed();
    let mut latencies: Vec<Duration> = sent_at
        .iter()
        .map(|(id, at)| received[id].duration_since(*at))
        .collect();
    latencies.sort();
    println!();
    println!(
        "send-to-receive over {messages} messages ({in_flight} in flight, {:.1} messages/s): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        messages as f64 / total.as_secs_f64(),
        pct(&latencies, 50.0),
        pct(&latencies, 99.0),
        pct(&latencies, 100.0)
    );

    // Fan-out: one message to a group of 50, every member connected.
    let mut sockets = Vec::new();
    for (_, token) in &people {
        sockets.push(stack.connect(token).await.unwrap());
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut all = Vec::new();
    let mut first = Vec::new();
    for round in 0..5 {
        for socket in &mut sockets {
            while socket.next(0).await.is_some() {}
        }
        let at = Instant::now();
        send(
            &stack,
            &stack.base,
            alice,
            &group,
            &format!("fan-out {round}"),
        )
        .await;
        let prefix = format!("fan-out {round}");
        let waits = sockets.iter_mut().map(|s| {
            let prefix = prefix.clone();
            async move {
                arrivals(s, 1, &prefix).await;
                at.elapsed()
            }
        });
        let mut times = join_all(waits).await;
        times.sort();
        first.push(times[0]);
        all.push(*times.last().unwrap());
    }
    all.sort();
    first.sort();
    println!(
        "fan-out to a 50-member group, all connected (5 messages): first member after p50 {:.0} ms, all 50 after p50 {:.0} ms (max {:.0} ms)",
        pct(&first, 50.0),
        pct(&all, 50.0),
        pct(&all, 100.0)
    );
}
