//! The event backbone: outbox items written with a change travel through the
//! table stream and `publish-events` to the EventBridge bus (moto), and
//! failed PutEvents entries are reported back for the stream to retry.

use kith::functions::event_handler;
use kith::platform::context::App;
use kith_tests::Stack;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

/// A queue that receives every Kith event on the bus, through a real rule.
async fn tap(stack: &Stack) -> (aws_sdk_sqs::Client, String) {
    let sqs = aws_sdk_sqs::Client::new(&stack.sdk);
    let events = aws_sdk_eventbridge::Client::new(&stack.sdk);
    let name = format!("tap-{}", stack.table);
    let url = sqs
        .create_queue()
        .queue_name(&name)
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let arn = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn]
        .clone();
    let bus = &stack.app.config.event_bus;
    events
        .put_rule()
        .name(&name)
        .event_bus_name(bus)
        .event_pattern(json!({"source": ["kith"]}).to_string())
        .send()
        .await
        .unwrap();
    events
        .put_targets()
        .rule(&name)
        .event_bus_name(bus)
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("tap")
                .arn(arn)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    (sqs, url)
}

/// The tapped events of `detail_type` whose data has `field` = `value`
/// that arrive within `window`, stopping at the first when `first` is set.
async fn tapped(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
    detail_type: &str,
    (field, value): (&str, &str),
    window: Duration,
    first: bool,
) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + window;
    let mut found = Vec::new();
    while tokio::time::Instant::now() < deadline {
        let out = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .send()
            .await
            .unwrap();
        for message in out.messages.unwrap_or_default() {
            let event: Value =
                serde_json::from_str(message.body.as_deref().unwrap_or("{}")).unwrap();
            if event["detail-type"] == detail_type && event["detail"]["data"][field] == value {
                found.push(event);
                if first {
                    return found;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    found
}

/// Waits (up to 15 s) for an event of `detail_type` whose data has `field` = `value`.
async fn await_event(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
    detail_type: &str,
    (field, value): (&str, &str),
) -> Value {
    let found = tapped(
        sqs,
        url,
        detail_type,
        (field, value),
        Duration::from_secs(15),
        true,
    )
    .await;
    match found.into_iter().next() {
        Some(event) => event,
        None => panic!("no {detail_type} event with {field} {value}"),
    }
}

#[tokio::test]
async fn an_experiment_exposure_is_published_once_per_account() {
    const ADMIN: &str = "01KADM1N000000000000000000";
    let stack = Stack::start_with(|app| app.config.admins = vec![ADMIN.into()]).await;
    let (sqs, url) = tap(&stack).await;
    let experiment = serde_json::from_value(json!({"enabled": true, "rollout_percent": 100,
        "variants": [{"name": "a", "weight": 1}, {"name": "b", "weight": 1}]}))
    .unwrap();
    kith::flags::service::put(stack.app, ADMIN, "checkout", experiment)
        .await
        .unwrap();
    let (bob, _) = stack.signed_in("bob").await;
    let bob_id = stack.id_of(&bob).await;
    // Two at once, then a third: one exposure.
    let flags = || stack.call(Method::GET, "/v1/me/flags", Some(&bob), None);
    let (one, two) = tokio::join!(flags(), flags());
    let variant = one.body["flags"]["checkout"]["variant"].clone();
    assert_eq!(two.body["flags"]["checkout"]["variant"], variant);
    assert_eq!(flags().await.body["flags"]["checkout"]["variant"], variant);
    let exposed = tapped(
        &sqs,
        &url,
        "experiment.exposed",
        ("user_id", &bob_id),
        Duration::from_secs(4),
        false,
    )
    .await;
    assert_eq!(exposed.len(), 1, "{exposed:?}");
    assert_eq!(exposed[0]["detail"]["data"]["flag"], "checkout");
    assert_eq!(exposed[0]["detail"]["data"]["variant"], variant);
}

#[tokio::test]
async fn post_events_travel_from_the_outbox_to_the_bus() {
    let stack = Stack::start().await;
    let (sqs, url) = tap(&stack).await;
    let (alice, _) = stack.signed_in("alice").await;
    let created = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&alice),
            Some(json!({"text": "hello bus"})),
        )
        .await;
    let post_id = created.body["id"].as_str().unwrap().to_owned();
    let event = await_event(&sqs, &url, "post.created", ("post_id", &post_id)).await;
    assert_eq!(event["source"], "kith");
    assert_eq!(event["detail"]["version"], 1);
    assert_eq!(
        event["detail"]["data"]["author_id"],
        created.body["author"]["id"]
    );
    assert!(
        event["detail"]["id"]
            .as_str()
            .is_some_and(|id| id.len() == 26)
    );

    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{post_id}"),
            Some(&alice),
            None,
        )
        .await;
    await_event(&sqs, &url, "post.deleted", ("post_id", &post_id)).await;
}

#[tokio::test]
async fn graph_changes_are_published() {
    let stack = Stack::start().await;
    let (sqs, url) = tap(&stack).await;
    let (a, _) = stack.signed_in("alice").await;
    let (b, _) = stack.signed_in("bob").await;
    let id = |token: String| {
        let stack = &stack;
        async move {
            let me = stack.call(Method::GET, "/v1/me", Some(&token), None).await;
            me.body["id"].as_str().unwrap().to_owned()
        }
    };
    let (a_id, b_id) = (id(a.clone()).await, id(b.clone()).await);
    stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&a),
            Some(json!({"private": true})),
        )
        .await;
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let requested = await_event(&sqs, &url, "follow.requested", ("follower_id", &b_id)).await;
    assert_eq!(requested["detail"]["data"]["followee_id"], a_id.as_str());
    stack
        .call(
            Method::POST,
            "/v1/me/follow-requests/bob/accept",
            Some(&a),
            None,
        )
        .await;
    await_event(&sqs, &url, "user.followed", ("follower_id", &b_id)).await;
    stack
        .call(Method::DELETE, "/v1/users/alice/follow", Some(&b), None)
        .await;
    let unfollowed = await_event(&sqs, &url, "user.unfollowed", ("follower_id", &b_id)).await;
    assert_eq!(unfollowed["detail"]["data"]["followee_id"], a_id.as_str());
    stack
        .call(Method::POST, "/v1/users/bob/block", Some(&a), None)
        .await;
    let blocked = await_event(&sqs, &url, "user.blocked", ("blocker_id", &a_id)).await;
    assert_eq!(blocked["detail"]["data"]["blocked_id"], b_id.as_str());
}

#[tokio::test]
async fn engagement_events_are_published() {
    let stack = Stack::start().await;
    let (sqs, url) = tap(&stack).await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let post = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&alice),
            Some(json!({"text": "hi"})),
        )
        .await
        .body;
    let post_id = post["id"].as_str().unwrap();
    let comment = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post_id}/comments"),
            Some(&bob),
            Some(json!({"text": "hello"})),
        )
        .await
        .body;
    let created = await_event(&sqs, &url, "comment.created", ("post_id", post_id)).await;
    assert_eq!(created["detail"]["data"]["comment_id"], comment["id"]);
    assert_eq!(
        created["detail"]["data"]["post_author_id"],
        post["author"]["id"]
    );
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post_id}/reaction"),
            Some(&bob),
            Some(json!({"kind": "wow"})),
        )
        .await;
    let target = format!("post:{post_id}");
    let reacted = await_event(&sqs, &url, "reaction.added", ("target", &target)).await;
    assert_eq!(reacted["detail"]["data"]["kind"], "wow");
    assert_eq!(
        reacted["detail"]["data"]["target_author_id"],
        post["author"]["id"]
    );
}

#[tokio::test]
async fn community_events_are_published() {
    let stack = Stack::start().await;
    let (sqs, url) = tap(&stack).await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let community = stack
        .call(
            Method::POST,
            "/v1/communities",
            Some(&alice),
            Some(json!({"name": "loud"})),
        )
        .await
        .body;
    let community_id = community["id"].as_str().unwrap();
    let post = stack
        .call(
            Method::POST,
            "/v1/communities/loud/posts",
            Some(&bob),
            Some(json!({"title": "t", "text": "x"})),
        )
        .await
        .body;
    let post_id = post["id"].as_str().unwrap();
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post_id}/vote"),
            Some(&bob),
            Some(json!({"value": 1})),
        )
        .await;
    let voted = await_event(&sqs, &url, "vote.cast", ("post_id", post_id)).await;
    assert_eq!(voted["detail"]["data"]["community_id"], community_id);
    stack
        .call(
            Method::POST,
            "/v1/reports",
            Some(&bob),
            Some(json!({"target": format!("post:{post_id}"), "reason": "test"})),
        )
        .await;
    let reported = await_event(&sqs, &url, "report.filed", ("community_id", community_id)).await;
    assert_eq!(
        reported["detail"]["data"]["target"],
        format!("post:{post_id}")
    );
    stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post_id}/lock"),
            Some(&alice),
            None,
        )
        .await;
    let acted = await_event(&sqs, &url, "mod.action", ("community_id", community_id)).await;
    assert_eq!(acted["detail"]["data"]["action"], "lock");
}

fn sample_stream_event() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../events/publish-events.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn entries_the_bus_refuses_are_reported_for_retry() {
    let stack = Stack::start().await;
    let publisher = event_handler("publish-events").unwrap();
    let ok = (publisher.handler)(stack.app, sample_stream_event())
        .await
        .unwrap();
    assert_eq!(ok["batchItemFailures"], json!([]));

    // The same records against a bus that does not exist: every entry fails
    // and is named by its sequence number, so the stream delivers it again.
    let mut config = stack.app.config.clone();
    config.event_bus = "no-such-bus".into();
    let broken = App::new(config, &stack.sdk).unwrap().leak();
    let failed = (publisher.handler)(broken, sample_stream_event())
        .await
        .unwrap();
    assert_eq!(
        failed["batchItemFailures"],
        json!([{"itemIdentifier": "111100000000000000000001"}])
    );
}

#[tokio::test]
async fn records_that_are_not_outbox_inserts_are_skipped() {
    let stack = Stack::start().await;
    let publisher = event_handler("publish-events").unwrap();
    let mut event = sample_stream_event();
    let mut removed = event["Records"][0].clone();
    removed["eventName"] = json!("REMOVE");
    let mut profile = event["Records"][0].clone();
    profile["dynamodb"]["NewImage"] = json!({"PK": {"S": "USER#1"}, "SK": {"S": "PROFILE"}});
    event["Records"] = json!([removed, profile]);
    let response = (publisher.handler)(stack.app, event).await.unwrap();
    assert_eq!(response["batchItemFailures"], json!([]));
    let garbage = (publisher.handler)(stack.app, json!({"not": "a stream event"})).await;
    assert!(garbage.is_err());
}

/// A delay queue's batch (Lambda's SQS event source): each body is handled
/// in turn; only the messages that failed retryably are reported back, to
/// return to the queue, and a poison body is acknowledged, not retried.
#[tokio::test]
async fn an_sqs_batch_reports_only_its_retryable_failures() {
    use kith::platform::error::Error;
    use kith::platform::routes::{EventFuture, EventHandler};
    fn flaky(_: &'static App, event: Value) -> EventFuture {
        Box::pin(async move {
            match event["outcome"].as_str() {
                Some("ok") => Ok(Value::Null),
                Some("outage") => Err(Error::bug("the table is unreachable")),
                _ => Err(Error::BadRequest("not an event".into())),
            }
        })
    }
    let handler = EventHandler {
        function: "flaky",
        item: "flaky",
        handler: flaky,
    };
    let stack = Stack::start().await;
    let message =
        |id: &str, body: &str| json!({"messageId": id, "body": body, "eventSource": "aws:sqs"});
    let batch = json!({ "Records": [
        message("1", r#"{"outcome":"ok"}"#),
        message("2", r#"{"outcome":"outage"}"#),
        message("3", "not json"),
        message("4", "{}"),
        message("5", r#"{"outcome":"outage"}"#),
    ]});
    let response = kith::platform::runtime::invoke(stack.app, &handler, batch)
        .await
        .unwrap();
    assert_eq!(
        response,
        json!({ "batchItemFailures": [{"itemIdentifier": "2"}, {"itemIdentifier": "5"}] })
    );
}
