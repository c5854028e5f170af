//! The operators' daily report through the local stack: activity counted
//! from the events once each (a redelivery counts nothing), active accounts
//! once a day, failures by function, the dead-letter queues' depth, and the
//! email itself read back from moto's SES.

use kith::platform::store::counters::day_of;
use kith_tests::notifications::{comment, react};
use kith_tests::{Stack, eventually};
use serde_json::json;

#[tokio::test]
async fn the_daily_report_counts_each_event_once_and_emails_the_operators() {
    let stack = Stack::start().await;
    let today = day_of(kith::platform::clock::now_ms());
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    // A second sign-in the same day is the same active account.
    stack.login("bob", kith_tests::PASSWORD).await;
    let post = stack.post_id(&alice, json!({"text": "counted"})).await;
    comment(&stack, &bob, &post, "hi", None).await;
    react(&stack, &bob, &post, "like").await;
    react(&stack, &bob, &post, "love").await;
    let counters = async || stack.app.store.counters(&today).await.unwrap();
    eventually("the activity is counted", async || {
        let c = counters().await;
        c.get("new_accounts") == Some(&2)
            && c.get("posts") == Some(&1)
            && c.get("comments") == Some(&1)
            && c.get("reactions") == Some(&1)
    })
    .await;
    assert_eq!(counters().await.get("active_accounts"), Some(&2));

    // A redelivered event counts nothing.
    let event = json!({
        "version": "0", "id": "e", "detail-type": "post.created", "source": "kith",
        "account": "1", "time": "2026-12-02T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": {"id": ulid::Ulid::generate().to_string(), "version": 1, "occurred_at": 0,
            "data": {"post_id": post, "author_id": "A", "visibility": "public",
                "community_id": null, "media": [], "created_at": 0}}
    });
    for (delivery, counted) in [(1, true), (2, false)] {
        let out = kith::operations::events::count_activity(stack.app, event.clone())
            .await
            .unwrap();
        assert_eq!(out["counted"], counted, "delivery {delivery}: {out}");
    }
    let c = counters().await;
    assert_eq!(c.get("posts"), Some(&2));

    // A failed invocation counts for its function; a dead letter shows.
    let failed = Err(kith::platform::error::Error::bug("the table timed out"));
    assert!(
        kith::platform::runtime::conclude(stack.app, "notify", failed)
            .await
            .is_err()
    );
    let dead_letters = &stack.app.config.dead_letter_queues;
    assert!(!dead_letters.is_empty());
    aws_sdk_sqs::Client::new(&stack.sdk)
        .send_message()
        .queue_url(&dead_letters[0])
        .message_body("{}")
        .send()
        .await
        .unwrap();
    let report = kith::operations::service::report(stack.app, &today)
        .await
        .unwrap();
    assert_eq!(report.counters.get("function_errors:notify"), Some(&1));
    assert_eq!(report.dead_letters.iter().map(|(_, n)| n).sum::<u64>(), 1);

    // Sent once a day, unless asked again; a bad day is refused.
    let send = async |event| {
        kith::operations::events::send_daily_report(stack.app, event)
            .await
            .unwrap()["sent"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(send(json!({"day": today})).await, 1);
    assert_eq!(send(json!({"day": today})).await, 0, "once a day");
    assert_eq!(send(json!({"day": today, "again": true})).await, 1);
    assert!(
        kith::operations::events::send_daily_report(stack.app, json!({"day": "yesterday"}))
            .await
            .is_err()
    );
    let operator = &stack.app.config.operator_emails[0];
    let reports: Vec<_> = stack
        .emails_to(operator)
        .await
        .into_iter()
        .filter(|(subject, _)| subject.contains(&format!("Kith daily report {today}")))
        .collect();
    assert!(reports.len() >= 2, "{reports:?}");
    let (subject, body) = reports.last().unwrap();
    assert!(
        subject.ends_with("(errors: 1, dead letters: 1)"),
        "{subject}"
    );
    for line in [
        "New accounts                 2",
        "Active accounts              2",
        "Posts                        2",
        "Comments                     1",
        "Reactions                    1",
        "Function errors              1",
        "  notify                     1",
        "Dead letters (now)           1",
    ] {
        assert!(body.contains(line), "{line:?} in\n{body}");
    }
}
