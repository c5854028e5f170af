//! Accounts end to end through the local host: registration, email
//! verification, sign-in, token refresh and rotation, logout, password reset,
//! throttling, and uniqueness under concurrency.

use futures_util::future::join_all;
use kith_tests::{PASSWORD, Stack, unique_email};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn register_verify_login_and_read_me() {
    let stack = Stack::start().await;
    let email = unique_email("alice");
    let reply = stack
        .post(
            "/v1/auth/register",
            json!({"username": "Alice", "email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(reply.body["username"], "Alice");
    assert_eq!(reply.body["email_verified"], false);
    assert!(reply.body.get("password_hash").is_none() && reply.body.get("password").is_none());

    // The verification link arrives through SES (moto) and completes the flow.
    let token = stack.link_token(&email, "verify-email").await;
    let verified = stack
        .post("/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(verified.status, StatusCode::NO_CONTENT, "{verified:?}");
    // Single use.
    stack
        .post("/v1/auth/verify-email", json!({"token": token}))
        .await
        .problem(400);

    // Sign in by username in any case, or by email in any case.
    for login in ["alice", "ALICE", &email.to_uppercase()] {
        let reply = stack.login(login, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{login}: {reply:?}");
        assert_eq!(reply.body["token_type"], "Bearer");
        assert_eq!(reply.body["expires_in"], 900);
    }
    let tokens = stack.login("alice", PASSWORD).await.body;
    let me = stack
        .call(Method::GET, "/v1/me", tokens["access_token"].as_str(), None)
        .await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body["email"], email);
    assert_eq!(me.body["email_verified"], true);
    assert_eq!(me.body["id"], tokens["user_id"]);
}

#[tokio::test]
async fn access_tokens_verify_against_the_published_jwks() {
    let stack = Stack::start().await;
    let (access, _) = stack.signed_in("jwks_user").await;
    let jwks = stack
        .call(Method::GET, "/.well-known/jwks.json", None, None)
        .await;
    assert_eq!(jwks.status, StatusCode::OK);
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_value(jwks.body).unwrap();
    let header = jsonwebtoken::decode_header(&access).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    let jwk = set
        .find(header.kid.as_deref().unwrap())
        .expect("token kid is published");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&["kith-api"]);
    validation.set_issuer(&["kith"]);
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
    let claims = jsonwebtoken::decode::<serde_json::Value>(&access, &key, &validation)
        .unwrap()
        .claims;
    for claim in ["sub", "jti", "iat", "exp", "iss", "aud"] {
        assert!(claims.get(claim).is_some(), "missing {claim}");
    }
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );
}

#[tokio::test]
async fn usernames_and_emails_are_unique_case_insensitively() {
    let stack = Stack::start().await;
    let email = stack.register("bob").await;
    let taken = stack
        .post(
            "/v1/auth/register",
            json!({"username": "BOB", "email": unique_email("other"), "password": PASSWORD}),
        )
        .await;
    taken.problem(409);
    assert_eq!(taken.error_fields(), ["username"]);
    let same_email = stack
        .post(
            "/v1/auth/register",
            json!({"username": "robert", "email": email.to_uppercase(), "password": PASSWORD}),
        )
        .await;
    same_email.problem(409);
    assert_eq!(same_email.error_fields(), ["email"]);
    // A failed registration claimed nothing: "robert" is still free.
    stack.register("robert").await;
}

#[tokio::test]
async fn concurrent_registrations_of_one_name_yield_one_account() {
    let stack = Stack::start().await;
    let attempts = (0..12).map(|i| {
        let username = if i % 2 == 0 { "racer" } else { "RACER" };
        stack.post(
            "/v1/auth/register",
            json!({"username": username, "email": unique_email("racer"), "password": PASSWORD}),
        )
    });
    let replies = join_all(attempts).await;
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let conflicts = replies
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, conflicts), (1, 11), "{replies:?}");
}

#[tokio::test]
async fn wrong_password_is_401_and_repeated_failures_are_throttled() {
    let stack = Stack::start().await;
    stack.register("carol").await;
    for _ in 0..5 {
        stack.login("carol", "wrong password!").await.problem(401);
    }
    // Locked: even the right password gets 429 with Retry-After until the window closes.
    let locked = stack.login("carol", PASSWORD).await;
    locked.problem(429);
    let retry_after: u64 = locked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    // Another account from the same client is not locked by carol's failures.
    stack.register("dave").await;
    assert_eq!(stack.login("dave", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn one_client_ip_spraying_many_accounts_is_throttled() {
    let stack = Stack::start().await;
    for i in 0..20 {
        stack
            .login(&format!("nobody{i}"), "wrong password!")
            .await
            .problem(401);
    }
    stack.register("erin").await;
    stack.login("erin", PASSWORD).await.problem(429);
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let stack = Stack::start().await;
    let (_, first) = stack.signed_in("frank").await;
    let refresh = |token: String| stack.post("/v1/auth/refresh", json!({"refresh_token": token}));

    let second = refresh(first.clone()).await;
    assert_eq!(second.status, StatusCode::OK, "{second:?}");
    let second = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    let third = refresh(second.clone()).await;
    assert_eq!(third.status, StatusCode::OK);
    let third = third.body["refresh_token"].as_str().unwrap().to_owned();

    // Replaying an already-rotated token is theft: 401, and the newest token dies too.
    refresh(first).await.problem(401);
    refresh(third).await.problem(401);

    // Other sessions of the same user are unaffected.
    let other = stack.login("frank", PASSWORD).await.body["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(refresh(other).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_forged_or_garbled_refresh_token_is_refused_and_revokes_nothing() {
    let stack = Stack::start().await;
    let (_, token) = stack.signed_in("ivan").await;
    let refresh = |token: String| stack.post("/v1/auth/refresh", json!({"refresh_token": token}));
    // The real session and generation with another secret: a guess, not a replay.
    let (session, _) = token.rsplit_once('.').unwrap();
    let forged = format!("{session}.{}", "A".repeat(43));
    refresh(forged).await.problem(401);
    // A later generation than any issued, and things that are no token at all.
    let (family, generation) = session.rsplit_once('.').unwrap();
    let ahead = format!("{family}.{}.x", generation.parse::<u64>().unwrap() + 1);
    for bad in [ahead, String::new(), "x".repeat(5000), format!("{token}.")] {
        refresh(bad).await.problem(401);
    }
    assert_eq!(
        refresh(token).await.status,
        StatusCode::OK,
        "the session lives on"
    );
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_cannot_both_succeed() {
    let stack = Stack::start().await;
    let (_, token) = stack.signed_in("gina").await;
    let replies =
        join_all((0..6).map(|_| stack.post("/v1/auth/refresh", json!({"refresh_token": token}))))
            .await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{replies:?}");
}

#[tokio::test]
async fn logout_revokes_the_session_and_is_idempotent() {
    let stack = Stack::start().await;
    let (_, refresh) = stack.signed_in("hank").await;
    for _ in 0..2 {
        let reply = stack
            .post("/v1/auth/logout", json!({"refresh_token": refresh}))
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await
        .problem(401);
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": "not-a-token"}))
        .await
        .problem(401);
}

#[tokio::test]
async fn forgot_and_reset_password() {
    let stack = Stack::start().await;
    let email = stack.register("ivy").await;
    let (_, old_refresh) = {
        let r = stack.login("ivy", PASSWORD).await.body;
        (
            r["access_token"].clone(),
            r["refresh_token"].as_str().unwrap().to_owned(),
        )
    };

    // Same answer for an unknown address: nothing to learn about who has an account.
    let known = stack
        .post("/v1/auth/forgot-password", json!({"email": email}))
        .await;
    let unknown = stack
        .post(
            "/v1/auth/forgot-password",
            json!({"email": unique_email("ghost")}),
        )
        .await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));

    let token = stack.link_token(&email, "reset-password").await;
    stack
        .post(
            "/v1/auth/reset-password",
            json!({"token": token, "new_password": "short"}),
        )
        .await
        .problem(422);
    let reset = stack
        .post(
            "/v1/auth/reset-password",
            json!({"token": token, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{reset:?}");
    // Single use, old password dead, every session revoked, new password works.
    stack
        .post(
            "/v1/auth/reset-password",
            json!({"token": token, "new_password": "another passphrase"}),
        )
        .await
        .problem(400);
    stack.login("ivy", PASSWORD).await.problem(401);
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": old_refresh}))
        .await
        .problem(401);
    assert_eq!(
        stack.login("ivy", "a brand new passphrase").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_reset_token_does_not_verify_email_and_forged_tokens_fail() {
    let stack = Stack::start().await;
    let email = stack.register("jack").await;
    stack
        .post("/v1/auth/forgot-password", json!({"email": email}))
        .await;
    let reset = stack.link_token(&email, "reset-password").await;
    stack
        .post("/v1/auth/verify-email", json!({"token": reset}))
        .await
        .problem(400);
    stack
        .post(
            "/v1/auth/reset-password",
            json!({"token": "forged", "new_password": "whatever passphrase"}),
        )
        .await
        .problem(400);
}

#[tokio::test]
async fn resend_verification_sends_a_new_working_link() {
    let stack = Stack::start().await;
    let (access, _) = stack.signed_in("kate").await;
    let email = stack
        .call(Method::GET, "/v1/me", Some(&access), None)
        .await
        .body["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = stack.link_token(&email, "verify-email").await;
    let resent = stack
        .call(
            Method::POST,
            "/v1/auth/verify-email/resend",
            Some(&access),
            None,
        )
        .await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{resent:?}");
    let second = stack.link_token(&email, "verify-email").await;
    assert_ne!(first, second);
    assert_eq!(
        stack
            .post("/v1/auth/verify-email", json!({"token": second}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    stack
        .call(
            Method::POST,
            "/v1/auth/verify-email/resend",
            Some(&access),
            None,
        )
        .await
        .problem(409);
}

#[tokio::test]
async fn concurrent_wrong_passwords_cannot_pass_the_limit_nor_lock_the_owner_out() {
    let stack = Stack::start().await;
    stack.register("olive").await;
    // The owner's own device, signed in before the attack.
    assert_eq!(
        stack
            .login_from([127, 0, 0, 9], "olive", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    let attempts = join_all((0..24).map(|_| stack.login("olive", "wrong password!"))).await;
    let statuses: Vec<u16> = attempts.iter().map(|r| r.status.as_u16()).collect();
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 19);
    // The stranger's client stays locked, even with the right password...
    stack.login("olive", PASSWORD).await.problem(429);
    // ...but the owner still signs in from their own.
    assert_eq!(
        stack
            .login_from([127, 0, 0, 9], "olive", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}

/// The median times of wrong-password sign-ins to `known` and to an
/// account that does not exist, taken in turns (so both see the same load),
/// each from its own client address (so no limit is reached).
async fn median_failures(stack: &Stack, known: &str) -> (f64, f64) {
    let mut times = [Vec::new(), Vec::new()];
    for i in 0..9u8 {
        for (side, login) in [known, "nobody_here"].into_iter().enumerate() {
            let started = std::time::Instant::now();
            let reply = stack
                .login_from([127, 0, 1 + side as u8, i], login, "wrong password!")
                .await;
            times[side].push(started.elapsed().as_secs_f64());
            reply.problem(401);
        }
    }
    let [mut known, mut unknown] = times;
    known.sort_by(f64::total_cmp);
    unknown.sort_by(f64::total_cmp);
    (known[known.len() / 2], unknown[unknown.len() / 2])
}

#[tokio::test]
async fn unknown_accounts_answer_as_slowly_as_known_ones() {
    let stack = Stack::start().await;
    stack.register("quinn").await;
    let (known, unknown) = median_failures(&stack, "quinn").await;
    // Without the password hash on the unknown path the ratio is below 0.1.
    assert!(
        (0.5..2.0).contains(&(unknown / known)),
        "unknown {unknown:.3}s vs known {known:.3}s"
    );
}

/// Moves the start of the session `refresh` belongs to `secs` into the past,
/// as if it had begun that long ago.
async fn age_session(stack: &Stack, refresh: &str, secs: i64) {
    use aws_sdk_dynamodb::types::AttributeValue;
    let token = kith::accounts::sessions::Presented::parse(refresh).unwrap();
    let db = aws_sdk_dynamodb::Client::new(&stack.sdk);
    let key = kith::accounts::keys::session(&token.user_id, &token.family_id);
    let session = db
        .get_item()
        .table_name(&stack.table)
        .set_key(Some(key.clone()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    let started: i64 = session["created_at"].as_n().unwrap().parse().unwrap();
    db.update_item()
        .table_name(&stack.table)
        .set_key(Some(key))
        .update_expression("SET created_at = :s")
        .expression_attribute_values(":s", AttributeValue::N((started - secs).to_string()))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn refreshing_slides_the_session_up_to_ninety_days() {
    let stack = Stack::start().await;
    let (_, refresh) = stack.signed_in("rosa").await;
    let day = 24 * 3600;
    // Begun 30 days ago and still in use: the session lives 7 more days.
    age_session(&stack, &refresh, 30 * day).await;
    let refreshed = stack
        .post("/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{refreshed:?}");
    assert_eq!(refreshed.body["refresh_token_expires_in"], 7 * day);
    // Near the 90-day ceiling, the session ends at the ceiling.
    let refresh = refreshed.body["refresh_token"].as_str().unwrap().to_owned();
    age_session(&stack, &refresh, 59 * day).await;
    let capped = stack
        .post("/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    let left = capped.body["refresh_token_expires_in"].as_i64().unwrap();
    assert!((day - 60..=day).contains(&left), "{capped:?}");
    // Past it, the session is over.
    let refresh = capped.body["refresh_token"].as_str().unwrap().to_owned();
    age_session(&stack, &refresh, 2 * day).await;
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await
        .problem(401);
}

#[tokio::test]
async fn an_account_keeps_at_most_twenty_sessions() {
    let stack = Stack::start().await;
    let (_, oldest) = stack.signed_in("sam").await;
    let mut newest = String::new();
    for _ in 0..20 {
        let reply = stack.login("sam", PASSWORD).await;
        newest = reply.body["refresh_token"].as_str().unwrap().to_owned();
    }
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": oldest}))
        .await
        .problem(401);
    let refreshed = stack
        .post("/v1/auth/refresh", json!({"refresh_token": newest}))
        .await;
    assert_eq!(refreshed.status, StatusCode::OK);
}

#[tokio::test]
async fn emails_uploads_reports_and_sign_ups_are_rate_limited() {
    let stack = Stack::start().await;
    let (sam, _) = stack.signed_in("sam").await;
    let email = unique_email("nobody");
    let statuses = |replies: Vec<kith_tests::Reply>| -> Vec<u16> {
        replies.iter().map(|r| r.status.as_u16()).collect()
    };
    let forgot =
        join_all((0..5).map(|_| stack.post("/v1/auth/forgot-password", json!({"email": email}))))
            .await;
    let forgot = statuses(forgot);
    assert_eq!(
        forgot.iter().filter(|s| **s == 202).count(),
        3,
        "{forgot:?}"
    );
    assert_eq!(
        forgot.iter().filter(|s| **s == 429).count(),
        2,
        "{forgot:?}"
    );

    let report = |i: usize| {
        let sam = sam.clone();
        let stack = &stack;
        async move {
            stack
                .call(
                    Method::POST,
                    "/v1/reports",
                    Some(&sam),
                    Some(json!({"target": "user:nobody", "reason": format!("spam {i}")})),
                )
                .await
        }
    };
    let reports = statuses(join_all((0..22).map(report)).await);
    assert_eq!(
        reports.iter().filter(|s| **s == 429).count(),
        2,
        "{reports:?}"
    );

    let upload = || {
        stack.call(
            Method::POST,
            "/v1/media",
            Some(&sam),
            Some(json!({"purpose": "post", "content_type": "image/png", "size": 100})),
        )
    };
    let mut uploads = Vec::new();
    for _ in 0..101 {
        uploads.push(upload().await.status.as_u16());
    }
    assert_eq!(uploads.iter().filter(|s| **s == 201).count(), 100);
    let limited = upload().await;
    assert!(limited.headers.contains_key("retry-after"));
    limited.problem(429);

    let mut sign_ups = Vec::new();
    for i in 0..20 {
        let name = format!("newcomer{i}");
        let body = json!({"username": name, "email": unique_email(&name), "password": PASSWORD});
        sign_ups.push(stack.post("/v1/auth/register", body).await.status.as_u16());
    }
    // sam's registration counted too.
    assert_eq!(
        sign_ups.iter().filter(|s| **s == 429).count(),
        1,
        "{sign_ups:?}"
    );
}
