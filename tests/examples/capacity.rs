//! DynamoDB request units per API operation, billed by AWS's rules (not a
//! test: `scripts/bench-capacity` runs it behind `scripts/ddbmeter.py` and
//! turns its JSON into dollars with `scripts/costmodel.py`). Each operation
//! is one HTTP request through the local host, metered twice: the request
//! itself, then the asynchronous work it causes (stream, events, handlers)
//! once that has settled.

use kith::notifications::model::MESSAGE_DELAY_SECS;
use kith_tests::{Stack, seed_follows, seed_signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};
use std::time::{Duration, Instant};

/// Followers of the author whose post is fanned out (the workload's average).
const FOLLOWERS: usize = 200;

/// How long nothing must happen before the work of a request counts as done.
const QUIET: Duration = Duration::from_secs(5);

/// A request and how long after it its work may start.
fn now(method: Method, path: &str) -> (Method, &str, Duration) {
    (method, path, Duration::ZERO)
}

/// The meter in front of moto (`AWS_ENDPOINT_URL` points at it).
struct Meter {
    url: String,
    http: reqwest::Client,
}

impl Meter {
    async fn read(&self) -> Value {
        let reply = self.http.get(format!("{}/__meter", self.url)).send().await;
        reply.unwrap().json().await.unwrap()
    }

    /// Zeroes the counters before the operation `name` (which the trace names).
    async fn reset(&self, name: &str) {
        let reply = self
            .http
            .post(format!("{}/__meter/reset?op={name}", self.url))
            .send()
            .await;
        reply.unwrap();
    }

    /// The counters summed over operations: calls, read, write and index write units.
    async fn totals(&self) -> [f64; 4] {
        let mut totals = [0.0; 4];
        for op in self.read().await["dynamodb"].as_object().unwrap().values() {
            for (total, field) in totals.iter_mut().zip(["calls", "rru", "wru", "gsi_wru"]) {
                *total += op[field].as_f64().unwrap();
            }
        }
        totals
    }

    /// Calls that do work: every DynamoDB call and every other call but the
    /// local host's polls of the stream and of the rules' queues.
    async fn activity(&self) -> (f64, f64) {
        let meter = self.read().await;
        let polls = [
            "ReceiveMessage",
            "GetRecords",
            "GetShardIterator",
            "DescribeStream",
            "ListStreams",
        ];
        let other = meter["other"].as_object().unwrap().iter();
        let working = other.filter(|(api, _)| !polls.contains(&api.as_str()));
        let dynamodb = meter["dynamodb"].as_object().unwrap().values();
        (
            dynamodb.map(|op| op["calls"].as_f64().unwrap()).sum(),
            working.map(|(_, c)| c["calls"].as_f64().unwrap()).sum(),
        )
    }

    /// Waits until nothing has worked for `quiet`: the stream, the rules and
    /// their handlers are done with what came before (the local host polls
    /// moto, which answers one request at a time, so an event can take
    /// seconds to reach its handler).
    async fn settle(&self, quiet: Duration) {
        let started = Instant::now();
        let mut last = self.activity().await;
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < quiet {
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "never settled"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
            let now = self.activity().await;
            if now != last {
                last = now;
                quiet_since = Instant::now();
            }
        }
    }
}

fn units(totals: [f64; 4]) -> Value {
    json!({"calls": totals[0], "rru": totals[1], "wru": totals[2], "gsi_wru": totals[3]})
}

struct Bench {
    stack: Stack,
    meter: Meter,
    results: Map<String, Value>,
}

impl Bench {
    /// Meters one request: its own units and those of the work it causes
    /// (some of which starts only `delay` after it).
    async fn measure(
        &mut self,
        name: &str,
        (method, path, delay): (Method, &str, Duration),
        token: &str,
        body: Option<Value>,
    ) -> Value {
        self.meter.settle(QUIET).await;
        self.meter.reset(name).await;
        let started = Instant::now();
        let reply = self.stack.call(method, path, Some(token), body).await;
        let ms = started.elapsed().as_secs_f64() * 1e3;
        assert!(reply.status.is_success(), "{name}: {reply:?}");
        let sync = self.meter.totals().await;
        tokio::time::sleep(delay).await;
        self.meter.settle(QUIET).await;
        let all = self.meter.totals().await;
        let later: Vec<f64> = all.iter().zip(sync).map(|(a, s)| a - s).collect();
        let other = &self.meter.read().await["other"];
        let count = |api: &str, field: &str| other[api][field].as_f64().unwrap_or(0.0);
        self.results.insert(
            name.to_owned(),
            json!({
                "request": units(sync),
                "async": units([later[0], later[1], later[2], later[3]]),
                "events": count("PutEvents", "items"),
                "emails": count("SendEmail", "calls"),
                "pushes": count("Publish", "calls"),
                "local_ms": ms,
                // Events that wait `delay` in a delay queue (SQS requests).
                "queued": if delay.is_zero() { 0.0 } else { 1.0 },
            }),
        );
        reply.body
    }
}

#[tokio::main]
async fn main() {
    let meter = Meter {
        url: std::env::var("AWS_ENDPOINT_URL").expect("run by scripts/bench-capacity"),
        http: reqwest::Client::new(),
    };
    let stack = Stack::start().await;
    let mut bench = Bench {
        stack,
        meter,
        results: Map::new(),
    };
    let stack = &bench.stack;

    // Alice posts to FOLLOWERS followers; Bob follows 20 authors with a post each.
    let (alice_token, alice_refresh) = stack.signed_in("alice").await;
    let (bob_token, _) = stack.signed_in("bob").await;
    let id = async |token: &str| {
        let me = stack.call(Method::GET, "/v1/me", Some(token), None).await;
        me.body["id"].as_str().unwrap().to_owned()
    };
    let alice_id = id(&alice_token).await;
    let bob_id = id(&bob_token).await;
    let followers = seed_signed_in(stack, "f", FOLLOWERS).await;
    let authors = seed_signed_in(stack, "a", 20).await;
    let mut edges: Vec<(&str, &str)> = followers
        .iter()
        .map(|(id, _)| (id.as_str(), alice_id.as_str()))
        .collect();
    edges.extend(authors.iter().map(|(id, _)| (bob_id.as_str(), id.as_str())));
    seed_follows(stack.app, &edges).await;
    for (i, (_, token)) in authors.iter().enumerate() {
        stack
            .post_id(token, json!({"text": format!("post {i} #capacity")}))
            .await;
    }
    let post = stack
        .post_id(&alice_token, json!({"text": "measured"}))
        .await;
    for (_, token) in followers.iter().take(20) {
        let path = format!("/v1/posts/{post}/comments");
        let reply = stack
            .call(
                Method::POST,
                &path,
                Some(token),
                Some(json!({"text": "nice"})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    }
    let community = "measured";
    let reply = stack
        .call(
            Method::POST,
            "/v1/communities",
            Some(&alice_token),
            Some(
                json!({"name": community, "description": "", "rules": [], "visibility": "public"}),
            ),
        )
        .await;
    assert!(reply.status.is_success(), "{reply:?}");
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/communities/{community}/posts"),
            Some(&alice_token),
            Some(json!({"title": "a vote", "text": "up or down"})),
        )
        .await;
    let community_post = reply.body["id"].as_str().unwrap().to_owned();
    stack
        .call(
            Method::PUT,
            &format!("/v1/communities/{community}/membership"),
            Some(&bob_token),
            None,
        )
        .await;
    stack
        .call(
            Method::PATCH,
            "/v1/me/messaging",
            Some(&alice_token),
            Some(json!({"allow_from": "everyone"})),
        )
        .await;
    let reply = stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(&bob_token),
            Some(json!({"members": ["alice"]})),
        )
        .await;
    let conversation = reply.body["id"].as_str().unwrap().to_owned();

    // Let the seeding's own events (fan-out, notifications) finish first.
    bench.meter.settle(Duration::from_secs(15)).await;
    use Method as M;
    let b = &mut bench;
    let page = b
        .measure(
            "feed_page",
            now(M::GET, "/v1/feed?limit=20"),
            &bob_token,
            None,
        )
        .await;
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        20,
        "a full feed page"
    );
    let shown: Vec<Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|post| post["id"].clone())
        .collect();
    let on_post = format!("/v1/posts/{post}");
    b.measure("get_post", now(M::GET, &on_post), &bob_token, None)
        .await;
    b.measure(
        "get_profile",
        now(M::GET, "/v1/users/alice"),
        &bob_token,
        None,
    )
    .await;
    let reaction = json!({"kind": "love"});
    b.measure(
        "react",
        now(M::PUT, &format!("{on_post}/reaction")),
        &bob_token,
        Some(reaction),
    )
    .await;
    let vote = format!("/v1/posts/{community_post}/vote");
    b.measure(
        "vote",
        now(M::PUT, &vote),
        &bob_token,
        Some(json!({"value": 1})),
    )
    .await;
    let comments = format!("{on_post}/comments");
    let page = b
        .measure("list_comments", now(M::GET, &comments), &bob_token, None)
        .await;
    assert!(
        page["items"].as_array().unwrap().len() >= 20,
        "a full comment page"
    );
    let comment = json!({"text": "measured"});
    b.measure(
        "create_comment",
        now(M::POST, &comments),
        &bob_token,
        Some(comment),
    )
    .await;
    let text = json!({"text": "to 200 followers"});
    b.measure(
        "create_post",
        now(M::POST, "/v1/posts"),
        &alice_token,
        Some(text),
    )
    .await;
    b.measure(
        "follow",
        now(M::POST, "/v1/users/bob/follow"),
        &alice_token,
        None,
    )
    .await;
    let refresh = json!({"refresh_token": alice_refresh});
    b.measure(
        "refresh_token",
        now(M::POST, "/v1/auth/refresh"),
        &alice_token,
        Some(refresh),
    )
    .await;
    let notifications = now(M::GET, "/v1/notifications?limit=20");
    b.measure("list_notifications", notifications, &alice_token, None)
        .await;
    let messages = format!("/v1/conversations/{conversation}/messages");
    // The message notification waits for the recipient to read it first.
    let delay = Duration::from_secs(MESSAGE_DELAY_SECS as u64);
    let message = json!({"text": "hello"});
    b.measure(
        "send_message",
        (M::POST, &messages, delay),
        &bob_token,
        Some(message),
    )
    .await;
    b.measure("list_messages", now(M::GET, &messages), &alice_token, None)
        .await;
    // The client reports the feed page it showed (a sampled viewer: the
    // cost model scales this by the sampled share).
    let shown = json!({ "post_ids": shown });
    b.measure(
        "report_views",
        now(M::POST, "/v1/analytics/views"),
        &bob_token,
        Some(shown),
    )
    .await;
    b.measure(
        "get_my_flags",
        now(M::GET, "/v1/me/flags"),
        &bob_token,
        None,
    )
    .await;
    let analytics = format!("{on_post}/analytics");
    b.measure(
        "post_analytics",
        now(M::GET, &analytics),
        &alice_token,
        None,
    )
    .await;
    let upload = json!({"purpose": "post", "content_type": "image/jpeg", "size": 200_000});
    b.measure(
        "upload_media",
        now(M::POST, "/v1/media"),
        &alice_token,
        Some(upload),
    )
    .await;
    let fanned_out = &b.results["create_post"]["async"]["wru"];
    assert!(
        fanned_out.as_f64().unwrap() >= FOLLOWERS as f64,
        "the post reached every follower's feed within the measurement: {fanned_out}"
    );
    let mut results = std::mem::take(&mut b.results);
    results.insert("_followers".into(), json!(FOLLOWERS));
    println!(
        "{}",
        serde_json::to_string_pretty(&Value::Object(results)).unwrap()
    );
}
