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
