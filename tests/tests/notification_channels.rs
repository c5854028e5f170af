//! Notification channels through the local stack: devices and pushes
//! through moto's SNS (badge, collapse key, preferences, disabled
//! endpoints, quiet hours and their summary), and emails through moto's SES
//! (verified addresses, one-click unsubscribe, the suppression list).

use kith_tests::notifications::{change_settings, comment, listed, react, settle};
use kith_tests::{Stack, eventually};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn register_device(stack: &Stack, token: &str, platform: &str, device_token: &str) -> Value {
    let reply = stack
        .call(
            Method::POST,
            "/v1/me/devices",
            Some(token),
            Some(json!({"platform": platform, "token": device_token})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body
}

async fn devices(stack: &Stack, token: &str) -> Vec<Value> {
    let reply = stack
        .call(Method::GET, "/v1/me/devices", Some(token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["items"].as_array().unwrap().clone()
}

/// The FCM payload of each push to a device, in order.
async fn fcm_pushes(stack: &Stack, device_token: &str) -> Vec<Value> {
    let (_, messages) = stack.pushes_to(device_token).await;
    messages
        .iter()
        .map(|m| serde_json::from_str::<Value>(m["GCM"].as_str().unwrap()).unwrap())
        .map(|fcm| fcm["fcmV1Message"]["message"].clone())
        .collect()
}

/// The SNS endpoint of a device token, from SNS itself (moto's dump of
/// everything is slow once the suite has filled it; this is one call).
async fn endpoint_of(stack: &Stack, device_token: &str) -> String {
    let sns = aws_sdk_sns::Client::new(&stack.sdk);
    let application = stack.app.config.push_fcm_application.clone().unwrap();
    let endpoints = sns
        .list_endpoints_by_platform_application()
        .platform_application_arn(application)
        .send()
        .await
        .unwrap();
    endpoints
        .endpoints()
        .iter()
        .find(|e| {
            e.attributes()
                .and_then(|a| a.get("Token"))
                .is_some_and(|t| t == device_token)
        })
        .and_then(|e| e.endpoint_arn())
        .expect("an endpoint for the token")
        .to_owned()
}

fn device_token() -> String {
    format!("fcm-{}", ulid::Ulid::generate())
}

#[tokio::test]
async fn devices_register_once_move_with_their_token_and_stay_private() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    let first = register_device(&stack, &alice, "fcm", &token).await;
    let again = register_device(&stack, &alice, "fcm", &token).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(devices(&stack, &alice).await.len(), 1);
    register_device(&stack, &alice, "apns", &"ab12".repeat(16)).await;
    assert_eq!(devices(&stack, &alice).await.len(), 2);

    // Bob signs in on Alice's phone: the device is his now, not hers.
    register_device(&stack, &bob, "fcm", &token).await;
    let hers: Vec<String> = devices(&stack, &alice)
        .await
        .iter()
        .map(|d| d["platform"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(hers, ["apns"]);
    let id = first["id"].as_str().unwrap();
    stack
        .call(
            Method::DELETE,
            &format!("/v1/me/devices/{id}"),
            Some(&alice),
            None,
        )
        .await
        .problem(404);
    let removed = stack
        .call(
            Method::DELETE,
            &format!("/v1/me/devices/{id}"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert!(devices(&stack, &bob).await.is_empty());

    for body in [
        json!({"platform": "fcm", "token": ""}),
        json!({"platform": "fcm", "token": "has space"}),
        json!({"platform": "webpush", "token": "x"}),
        json!({"platform": "fcm"}),
    ] {
        let reply = stack
            .call(
                Method::POST,
                "/v1/me/devices",
                Some(&alice),
                Some(body.clone()),
            )
            .await;
        assert!(reply.status.is_client_error(), "{body}: {reply:?}");
    }
}

#[tokio::test]
async fn pushes_carry_the_badge_and_collapse_key_and_follow_the_preferences() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    register_device(&stack, &alice, "fcm", &token).await;
    let post = stack.post_id(&alice, json!({"text": "push me"})).await;
    comment(&stack, &bob, &post, "hello", None).await;
    react(&stack, &bob, &post, "like").await;
    let items = listed(&stack, &alice, "", 2).await;
    settle().await;
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(
        pushes.len(),
        1,
        "reactions are not pushed by default: {pushes:#?}"
    );
    let push = &pushes[0];
    assert_eq!(push["notification"]["body"], "bob commented on your post");
    let comment_id = items.iter().find(|n| n["type"] == "comment").unwrap()["id"].clone();
    assert_eq!(push["android"]["collapse_key"], comment_id);
    assert_eq!(push["android"]["notification"]["notification_count"], 1);

    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"reaction": {"push": true}, "comment": {"push": false}}}),
    )
    .await;
    let (carol, _) = stack.signed_in("carol").await;
    react(&stack, &carol, &post, "love").await;
    comment(&stack, &carol, &post, "me too", None).await;
    // The comment is handled after the reaction: once it is listed, both
    // have been pushed (or not).
    listed(&stack, &alice, "?types=comment", 2).await;
    settle().await;
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(pushes.len(), 2, "{pushes:#?}");
    // moto's dump does not keep the order of an endpoint's messages.
    let reaction = pushes
        .iter()
        .find(|p| p["notification"]["body"] == "carol and 1 other reacted to your post")
        .unwrap_or_else(|| panic!("the reaction's push: {pushes:#?}"));
    assert_eq!(reaction["android"]["notification"]["notification_count"], 2);
}

#[tokio::test]
async fn a_disabled_endpoint_loses_its_device_on_push_or_on_the_failure_event() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let uninstalled = device_token();
    let expired = device_token();
    register_device(&stack, &alice, "fcm", &uninstalled).await;
    register_device(&stack, &alice, "fcm", &expired).await;
    let sns = aws_sdk_sns::Client::new(&stack.sdk);
    let endpoint = endpoint_of(&stack, &uninstalled).await;
    sns.set_endpoint_attributes()
        .endpoint_arn(&endpoint)
        .attributes("Enabled", "false")
        .send()
        .await
        .unwrap();
    // SNS reports the other one's failure on the platform application's topic.
    let expired_endpoint = endpoint_of(&stack, &expired).await;
    let message = json!({"EndpointArn": expired_endpoint, "EventType": "DeliveryFailure",
                         "FailureType": "InvalidPlatformToken"});
    let failure =
        json!({"Records": [{"EventSource": "aws:sns", "Sns": {"Message": message.to_string()}}]});
    for _ in 0..2 {
        kith::notifications::events::push_failures(stack.app, failure.clone())
            .await
            .unwrap();
    }
    assert_eq!(devices(&stack, &alice).await.len(), 1);

    let post = stack.post_id(&alice, json!({"text": "anyone?"})).await;
    comment(&stack, &bob, &post, "me", None).await;
    listed(&stack, &alice, "", 1).await;
    eventually("the disabled device removed", async || {
        devices(&stack, &alice).await.is_empty()
    })
    .await;
    // Registering the reinstalled app's token enables its endpoint again.
    register_device(&stack, &alice, "fcm", &uninstalled).await;
    comment(&stack, &bob, &post, "again", None).await;
    listed(&stack, &alice, "", 2).await;
    settle().await;
    assert_eq!(
        fcm_pushes(&stack, &uninstalled).await.len(),
        1,
        "a push to the re-enabled endpoint"
    );
}

#[tokio::test]
async fn quiet_hours_hold_pushes_and_send_one_summary_after() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let token = device_token();
    register_device(&stack, &alice, "fcm", &token).await;
    let now = time::OffsetDateTime::now_utc();
    let hhmm = |t: time::OffsetDateTime| format!("{:02}:{:02}", t.hour(), t.minute());
    let hour = time::Duration::hours(1);
    let quiet = json!({"start": hhmm(now - hour), "end": hhmm(now + hour), "time_zone": "UTC"});
    let set = change_settings(&stack, &alice, json!({"quiet_hours": quiet})).await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    assert_eq!(set.body["quiet_hours"]["time_zone"], "UTC");
    let post = stack.post_id(&alice, json!({"text": "night"})).await;
    comment(&stack, &bob, &post, "one", None).await;
    comment(&stack, &bob, &post, "two", None).await;
    listed(&stack, &alice, "", 2).await;
    settle().await;
    assert!(
        fcm_pushes(&stack, &token).await.is_empty(),
        "held while quiet"
    );

    // Nothing is due yet; two hours on, one summary for both.
    let now_ms = kith::platform::clock::now_ms();
    assert_eq!(
        kith::notifications::push::release(stack.app, now_ms)
            .await
            .unwrap(),
        0
    );
    let later = now_ms + 2 * 3_600_000;
    assert_eq!(
        kith::notifications::push::release(stack.app, later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        kith::notifications::push::release(stack.app, later)
            .await
            .unwrap(),
        0
    );
    let pushes = fcm_pushes(&stack, &token).await;
    assert_eq!(pushes.len(), 1, "{pushes:#?}");
    assert_eq!(
        pushes[0]["notification"]["body"],
        "2 new notifications while you were away"
    );
    assert_eq!(
        pushes[0]["android"]["notification"]["notification_count"],
        2
    );

    for bad in [
        json!({"start": "24:00", "end": "07:00", "time_zone": "UTC"}),
        json!({"start": "22:00", "end": "07:00", "time_zone": "Nowhere/City"}),
        json!({"start": "22:00", "end": "22:00", "time_zone": "UTC"}),
        json!({"start": "22:00", "time_zone": "UTC"}),
    ] {
        let reply = change_settings(&stack, &alice, json!({"quiet_hours": bad})).await;
        assert!(reply.status.is_client_error(), "{bad}: {reply:?}");
    }
    let cleared = change_settings(&stack, &alice, json!({"quiet_hours": null})).await;
    assert!(cleared.body["quiet_hours"].is_null(), "{cleared:?}");
}

/// Registers `username`, verifies its address through the emailed link and
/// signs in: (access token, address).
async fn verified(stack: &Stack, username: &str) -> (String, String) {
    let email = stack.register(username).await;
    let token = stack.link_token(&email, "verify-email").await;
    let reply = stack
        .post("/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    let login = stack.login(username, kith_tests::PASSWORD).await;
    (
        login.body["access_token"].as_str().unwrap().to_owned(),
        email,
    )
}

/// The notification emails to `to` (the verification email left out).
async fn notification_emails(stack: &Stack, to: &str) -> Vec<(String, String)> {
    stack
        .emails_to(to)
        .await
        .into_iter()
        .filter(|(subject, _)| !subject.starts_with("Verify"))
        .collect()
}

#[tokio::test]
async fn emails_go_to_verified_addresses_unsubscribe_in_one_click_and_stop_at_a_bounce() {
    let stack = Stack::start().await;
    let (alice, address) = verified(&stack, "alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"comment": {"email": true}}}),
    )
    .await;
    let post = stack.post_id(&alice, json!({"text": "mail me"})).await;
    comment(&stack, &bob, &post, "hi", None).await;
    listed(&stack, &alice, "", 1).await;
    settle().await;
    let emails = notification_emails(&stack, &address).await;
    assert_eq!(emails.len(), 1, "{emails:?}");
    let (subject, body) = &emails[0];
    assert_eq!(subject, "bob commented on your post");
    let token = body
        .split("unsubscribe?token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an unsubscribe link")
        .to_owned();

    // The one-click POST (RFC 8058) turns that type's email off, with no sign-in.
    let once = stack
        .http
        .post(format!(
            "{}/v1/notifications/unsubscribe?token={token}",
            stack.base
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(once.status(), StatusCode::OK);
    let settings = stack
        .call(
            Method::GET,
            "/v1/me/notification-settings",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(settings.body["preferences"]["comment"]["email"], false);
    assert_eq!(settings.body["preferences"]["moderation"]["email"], true);
    let forged = stack
        .http
        .post(format!(
            "{}/v1/notifications/unsubscribe?token={token}x",
            stack.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    // Not emailed (counted at the end: moto's dump is slow, so it is read once).
    comment(&stack, &bob, &post, "again", None).await;
    listed(&stack, &alice, "?types=comment", 2).await;

    // A permanent bounce suppresses the address for every email.
    change_settings(
        &stack,
        &alice,
        json!({"preferences": {"comment": {"email": true}}}),
    )
    .await;
    let bounce = json!({"eventType": "Bounce", "bounce": {"bounceType": "Permanent",
        "bouncedRecipients": [{"emailAddress": address.to_uppercase()}]}});
    let transient = json!({"eventType": "Bounce", "bounce": {"bounceType": "Transient",
        "bouncedRecipients": [{"emailAddress": "full@example.com"}]}});
    let feedback = json!({"Records": [
        {"Sns": {"Message": bounce.to_string()}},
        {"Sns": {"Message": transient.to_string()}},
        {"Sns": {"Message": "not json"}},
    ]});
    let outcome = kith::notifications::events::email_feedback(stack.app, feedback)
        .await
        .unwrap();
    assert_eq!(outcome["suppressed"], 1);
    assert!(stack.app.store.suppressed(&address).await.unwrap());
    assert!(
        !stack
            .app
            .store
            .suppressed("full@example.com")
            .await
            .unwrap()
    );
    comment(&stack, &bob, &post, "third", None).await;
    listed(&stack, &alice, "?types=comment", 3).await;
    let reset = stack
        .post("/v1/auth/forgot-password", json!({"email": address}))
        .await;
    assert!(reset.status.is_success(), "{reset:?}");
    settle().await;
    assert_eq!(
        stack.emails_to(&address).await.len(),
        2,
        "the verification and the first notification only: none after unsubscribing, none to a suppressed address"
    );
}

/// My pending digest, as the table holds it.
async fn pending_digest(
    stack: &Stack,
    user_id: &str,
) -> Option<kith::notifications::digest_store::Pending> {
    stack.app.store.pending_digest(user_id).await.unwrap()
}

async fn send_digests(stack: &Stack, due_in_hours: i64) -> u64 {
    let due_by = time::OffsetDateTime::now_utc() + time::Duration::hours(due_in_hours);
    let due_by = due_by
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let event = json!({"due_by": due_by});
    let sent = kith::notifications::events::send_digests(stack.app, event)
        .await
        .unwrap();
    sent["sent"].as_u64().unwrap()
}

#[tokio::test]
async fn a_digest_lists_what_is_unread_once_on_its_schedule_and_unsubscribes_in_one_click() {
    use kith::notifications::model::Digest;
    let stack = Stack::start().await;
    let (alice, address) = verified(&stack, "alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let me = stack.call(Method::GET, "/v1/me", Some(&alice), None).await;
    let alice_id = me.body["id"].as_str().unwrap().to_owned();
    let post = stack.post_id(&alice, json!({"text": "digest me"})).await;
    comment(&stack, &bob, &post, "one", None).await;
    comment(&stack, &bob, &post, "two", None).await;
    react(&stack, &bob, &post, "like").await;
    listed(&stack, &alice, "", 3).await;

    // Weekly by default, from the first notification; daily moves it.
    let pending = pending_digest(&stack, &alice_id)
        .await
        .expect("a digest pending");
    assert_eq!(
        Some(pending.due),
        Digest::Weekly.due_after(pending.since, None)
    );
    let set = change_settings(&stack, &alice, json!({"digest": "daily"})).await;
    assert_eq!(set.body["digest"], "daily", "{set:?}");
    let moved = pending_digest(&stack, &alice_id).await.unwrap();
    assert_eq!(
        Some(moved.due),
        Digest::Daily.due_after(pending.since, None)
    );
    assert!(
        change_settings(&stack, &alice, json!({"digest": "hourly"}))
            .await
            .status
            .is_client_error()
    );

    // Due within a day: sent once, however often the schedule runs.
    assert_eq!(send_digests(&stack, 0).await, 0, "not due yet");
    assert_eq!(send_digests(&stack, 25).await, 1);
    assert_eq!(send_digests(&stack, 25).await, 0, "sent once");
    assert!(pending_digest(&stack, &alice_id).await.is_none());

    // Something new, but read before the digest is due: nothing to send.
    comment(&stack, &bob, &post, "three", None).await;
    listed(&stack, &alice, "?types=comment", 3).await;
    assert!(pending_digest(&stack, &alice_id).await.is_some());
    let read = stack
        .call(Method::POST, "/v1/notifications/read", Some(&alice), None)
        .await;
    assert!(read.status.is_success(), "{read:?}");
    assert_eq!(send_digests(&stack, 25).await, 0, "all read");

    let bad = kith::notifications::events::send_digests(stack.app, json!({"due_by": "soon"})).await;
    assert!(bad.is_err());

    settle().await;
    let digests: Vec<_> = notification_emails(&stack, &address)
        .await
        .into_iter()
        .filter(|(subject, _)| subject.ends_with("while you were away"))
        .collect();
    assert_eq!(digests.len(), 1, "{digests:?}");
    let (subject, body) = &digests[0];
    assert_eq!(subject, "3 new notifications while you were away");
    assert!(body.contains("- bob reacted to your post"), "{body}");
    assert_eq!(
        body.matches("- bob commented on your post").count(),
        2,
        "{body}"
    );

    // Its link turns the digest off (and what was pending goes).
    comment(&stack, &bob, &post, "four", None).await;
    listed(&stack, &alice, "?types=comment", 4).await;
    assert!(pending_digest(&stack, &alice_id).await.is_some());
    let token = body
        .split("unsubscribe?token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap();
    let off = stack
        .post(
            &format!("/v1/notifications/unsubscribe?token={token}"),
            json!({}),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{off:?}");
    let settings = stack
        .call(
            Method::GET,
            "/v1/me/notification-settings",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(settings.body["digest"], "off");
    assert_eq!(settings.body["preferences"]["moderation"]["email"], true);
    assert!(pending_digest(&stack, &alice_id).await.is_none());
}
