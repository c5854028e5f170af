//! Feature flags over HTTP: only the site's admins change them (each change
//! audited), accounts see them evaluated for themselves, and reading the
//! feed in the feed-ranking experiment records the exposure (the order it
//! gives is tested in feeds.rs).

use kith::platform::crypto::TokenKeys;
use kith_tests::Stack;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ADMIN: &str = "01KADM1N000000000000000000";

/// A stack whose site admin is [`ADMIN`], with a token for it.
async fn stack_with_admin() -> (Stack, String) {
    let stack = Stack::start_with(|app| app.config.admins = vec![ADMIN.into()]).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let token = TokenKeys::from_pem(&stack.key_pem, "kith", "kith-api")
        .unwrap()
        .issue(ADMIN, now)
        .unwrap();
    (stack, token)
}

async fn put(stack: &Stack, token: &str, key: &str, rules: Value) -> kith_tests::Reply {
    stack
        .call(
            Method::PUT,
            &format!("/v1/admin/flags/{key}"),
            Some(token),
            Some(rules),
        )
        .await
}

async fn my_flags(stack: &Stack, token: &str) -> Value {
    let reply = stack
        .call(Method::GET, "/v1/me/flags", Some(token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["flags"].clone()
}

#[tokio::test]
async fn admins_alone_manage_flags_and_every_change_is_audited() {
    let (stack, admin) = stack_with_admin().await;
    let (mallory, _) = stack.signed_in("mallory").await;
    let rules = json!({"enabled": true, "rollout_percent": 10});
    put(&stack, &mallory, "new-composer", rules.clone())
        .await
        .problem(403);
    for path in ["/v1/admin/flags", "/v1/admin/flags/new-composer/audit"] {
        let reply = stack.call(Method::GET, path, Some(&mallory), None).await;
        assert_eq!(
            reply.problem(403)["type"],
            "https://kith.dev/problems/not-an-admin"
        );
    }

    // Bad input is refused, and nothing is stored.
    put(
        &stack,
        &admin,
        "new-composer",
        json!({"enabled": true, "rollout_percent": 150}),
    )
    .await
    .problem(422);
    let twins = json!({"enabled": true, "variants": [{"name": "a", "weight": 1}, {"name": "a", "weight": 2}]});
    put(&stack, &admin, "new-composer", twins)
        .await
        .problem(422);
    put(
        &stack,
        &admin,
        "new-composer",
        json!({"enabled": true, "colour": "red"}),
    )
    .await
    .problem(400);
    put(&stack, &admin, "New_Composer", rules.clone())
        .await
        .problem(404);

    // Two admins creating the same flag at once: one wins, the other is told.
    let racing = json!({"enabled": true});
    let (one, two) = tokio::join!(
        put(&stack, &admin, "raced", racing.clone()),
        put(&stack, &admin, "raced", racing)
    );
    let mut statuses = [one.status.as_u16(), two.status.as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses == [200, 409] || statuses == [200, 200],
        "{statuses:?}: a lost race is a 409, never a lost audit entry"
    );
    let raced = stack
        .call(
            Method::GET,
            "/v1/admin/flags/raced/audit",
            Some(&admin),
            None,
        )
        .await;
    let revs: Vec<u64> = raced.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rev"].as_u64().unwrap())
        .collect();
    let written = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(
        revs.len(),
        written,
        "one audit entry per change that was written"
    );

    let created = put(&stack, &admin, "new-composer", rules).await;
    assert_eq!(created.status, StatusCode::OK, "{created:?}");
    assert_eq!(created.body["rev"], 1);
    assert_eq!(created.body["updated_by"], ADMIN);
    let changed = put(
        &stack,
        &admin,
        "new-composer",
        json!({"enabled": false, "description": "paused"}),
    )
    .await;
    assert_eq!(changed.body["rev"], 2);
    let listed = stack
        .call(Method::GET, "/v1/admin/flags", Some(&admin), None)
        .await;
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "raced and new-composer");
    let composer = items.iter().find(|f| f["key"] == "new-composer").unwrap();
    assert_eq!(composer["rules"]["enabled"], false);

    let audit = stack
        .call(
            Method::GET,
            "/v1/admin/flags/new-composer/audit?limit=1",
            Some(&admin),
            None,
        )
        .await;
    let latest = &audit.body["items"][0];
    assert_eq!(
        (latest["rev"].as_u64(), latest["admin_id"].as_str()),
        (Some(2), Some(ADMIN))
    );
    assert_eq!(latest["before"]["rollout_percent"], 10.0);
    assert_eq!(latest["after"]["description"], "paused");
    let cursor = audit.body["next_cursor"].as_str().unwrap();
    let first = stack
        .call(
            Method::GET,
            &format!("/v1/admin/flags/new-composer/audit?limit=1&cursor={cursor}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(first.body["items"][0]["rev"], 1);
    assert!(first.body["items"][0]["before"].is_null(), "created");
}

#[tokio::test]
async fn my_flags_follow_targeting_and_the_off_switch() {
    let (stack, admin) = stack_with_admin().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let alice_id = stack.id_of(&alice).await;
    // Listed accounts only; and one for accounts a year old (none here).
    put(
        &stack,
        &admin,
        "beta",
        json!({"enabled": true, "accounts": [alice_id]}),
    )
    .await;
    put(
        &stack,
        &admin,
        "veterans",
        json!({"enabled": true, "rollout_percent": 100, "min_account_age_days": 365}),
    )
    .await;
    let everyone = json!({"enabled": true, "rollout_percent": 100});
    put(&stack, &admin, "everyone", everyone).await;

    let (mine, bobs) = (my_flags(&stack, &alice).await, my_flags(&stack, &bob).await);
    assert_eq!(mine["beta"], json!({"on": true, "variant": null}));
    assert_eq!(bobs["beta"]["on"], false);
    assert_eq!(
        (
            mine["veterans"]["on"].as_bool(),
            bobs["veterans"]["on"].as_bool()
        ),
        (Some(false), Some(false))
    );
    assert_eq!(
        (
            mine["everyone"]["on"].as_bool(),
            bobs["everyone"]["on"].as_bool()
        ),
        (Some(true), Some(true))
    );

    put(
        &stack,
        &admin,
        "beta",
        json!({"enabled": false, "accounts": [alice_id]}),
    )
    .await;
    assert_eq!(
        my_flags(&stack, &alice).await["beta"]["on"],
        false,
        "switched off"
    );
}

#[tokio::test]
async fn the_feed_records_its_experiments_exposure_only_when_it_decides_the_order() {
    let (stack, admin) = stack_with_admin().await;
    let (alice, _) = stack.signed_in("alice").await;
    let alice_id = stack.id_of(&alice).await;
    let feed = |mode: &'static str| {
        let (stack, alice) = (&stack, alice.clone());
        async move {
            let reply = stack
                .call(Method::GET, &format!("/v1/feed{mode}"), Some(&alice), None)
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        }
    };
    // No experiment: chronological, and nothing recorded.
    feed("").await;
    assert!(
        stack
            .app
            .store
            .exposures(&alice_id)
            .await
            .unwrap()
            .is_empty()
    );

    let experiment = json!({"enabled": true, "rollout_percent": 100,
        "variants": [{"name": "ranked", "weight": 1}]});
    put(&stack, &admin, "feed-ranking", experiment).await;
    // Asking for an order is not an exposure to the experiment.
    feed("?mode=chronological").await;
    assert!(
        stack
            .app
            .store
            .exposures(&alice_id)
            .await
            .unwrap()
            .is_empty()
    );
    feed("").await;
    let exposed = stack.app.store.exposures(&alice_id).await.unwrap();
    assert_eq!(
        exposed.get("feed-ranking").map(String::as_str),
        Some("ranked")
    );
    assert_eq!(
        my_flags(&stack, &alice).await["feed-ranking"]["variant"],
        "ranked"
    );
}

#[tokio::test]
async fn an_experiments_metrics_count_exposed_accounts_and_their_activity_per_variant() {
    let (stack, admin) = stack_with_admin().await;
    let experiment = json!({"enabled": true, "rollout_percent": 100,
        "variants": [{"name": "a", "weight": 1}, {"name": "b", "weight": 1}]});
    put(&stack, &admin, "composer", experiment).await;
    let mut exposed = Vec::new();
    for name in ["alice", "bob", "carol", "dave"] {
        let (token, _) = stack.signed_in(name).await;
        my_flags(&stack, &token).await;
        exposed.push(token);
    }
    // Two exposed accounts post (one twice) and react; an unexposed one posts too.
    let (eve, _) = stack.signed_in("eve").await;
    let mut posts = Vec::new();
    for token in [&exposed[0], &exposed[0], &exposed[1], &eve] {
        let reply = stack
            .call(
                Method::POST,
                "/v1/posts",
                Some(token),
                Some(json!({"text": "hi"})),
            )
            .await;
        posts.push(reply.body["id"].as_str().unwrap().to_owned());
    }
    let reacted = stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{}/reaction", posts[3]),
            Some(&exposed[1]),
            Some(json!({"kind": "like"})),
        )
        .await;
    assert!(reacted.status.is_success(), "{reacted:?}");

    let totals = |body: &Value| {
        let variants = body["variants"].as_object().unwrap();
        let sum = |field: &str| {
            variants
                .values()
                .map(|v| v[field].as_i64().unwrap())
                .sum::<i64>()
        };
        (sum("exposed_accounts"), sum("posts"), sum("reactions"))
    };
    let metrics = || {
        stack.call(
            Method::GET,
            "/v1/admin/flags/composer/metrics?days=2",
            Some(&admin),
            None,
        )
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut reply = metrics().await;
    while totals(&reply.body) != (4, 3, 1) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        reply = metrics().await;
    }
    assert_eq!(totals(&reply.body), (4, 3, 1), "{:?}", reply.body);
    let variants = reply.body["variants"].as_object().unwrap();
    assert_eq!(variants.keys().collect::<Vec<_>>(), ["a", "b"]);
    for v in variants.values() {
        let (exposed, posts) = (
            v["exposed_accounts"].as_f64().unwrap(),
            v["posts"].as_f64().unwrap(),
        );
        if exposed > 0.0 {
            assert_eq!(
                v["posts_per_exposed_account"].as_f64().unwrap(),
                posts / exposed
            );
        }
    }

    for (query, status) in [("days=0", 422), ("days=31", 422), ("days=x", 400)] {
        stack
            .call(
                Method::GET,
                &format!("/v1/admin/flags/composer/metrics?{query}"),
                Some(&admin),
                None,
            )
            .await
            .problem(status);
    }
    stack
        .call(
            Method::GET,
            "/v1/admin/flags/nothing/metrics",
            Some(&admin),
            None,
        )
        .await
        .problem(404);
    stack
        .call(
            Method::GET,
            "/v1/admin/flags/composer/metrics",
            Some(&exposed[0]),
            None,
        )
        .await
        .problem(403);
}
