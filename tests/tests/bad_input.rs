//! Bad input gets the right 4xx problem+json, never a 500: malformed bodies,
//! wrong content types, unknown fields, oversized bodies, over-long strings,
//! invalid usernames and emails, and every kind of bad token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kith::platform::crypto::TokenKeys;
use kith_tests::{PASSWORD, Stack, unique_email};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn raw(
    stack: &Stack,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> kith_tests::Reply {
    let mut req = stack.http.post(format!("{}{path}", stack.base)).body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    kith_tests::Reply::read(req.send().await.unwrap()).await
}

#[tokio::test]
async fn malformed_bodies_are_400_415_or_413() {
    let stack = Stack::start().await;
    let path = "/v1/auth/register";
    let problem = raw(&stack, path, Some("application/json"), "{\"username\": ").await;
    assert!(
        problem.problem(400)["detail"]
            .as_str()
            .unwrap()
            .contains("malformed JSON")
    );
    raw(&stack, path, Some("application/json"), "")
        .await
        .problem(400);
    raw(&stack, path, Some("application/json"), "[1, 2]")
        .await
        .problem(400);
    raw(&stack, path, Some("text/plain"), "{}")
        .await
        .problem(415);
    raw(&stack, path, None, "{}").await.problem(415);
    let big = format!("{{\"username\": \"{}\"}}", "a".repeat(20_000));
    raw(&stack, path, Some("application/json"), big)
        .await
        .problem(413);
    // Content type parameters are fine.
    let ok = raw(
        &stack,
        path,
        Some("application/json; charset=utf-8"),
        json!({"username": "quinn", "email": unique_email("quinn"), "password": PASSWORD})
            .to_string(),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{ok:?}");
}

#[tokio::test]
async fn unknown_missing_and_mistyped_fields_are_400() {
    let stack = Stack::start().await;
    let unknown = stack
        .post("/v1/auth/register", json!({"username": "rita", "email": unique_email("rita"), "password": PASSWORD, "admin": true}))
        .await;
    assert!(
        unknown.problem(400)["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `admin`")
    );
    stack
        .post("/v1/auth/register", json!({"username": "rita"}))
        .await
        .problem(400);
    stack
        .post(
            "/v1/auth/login",
            json!({"username_or_email": 7, "password": PASSWORD}),
        )
        .await
        .problem(400);
    let (access, _) = stack.signed_in("rita").await;
    stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&access),
            Some(json!({"avatar_url": "x"})),
        )
        .await
        .problem(400);
    stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&access),
            Some(json!({"private": "yes"})),
        )
        .await
        .problem(400);
}

#[tokio::test]
async fn invalid_usernames_emails_and_passwords_are_422_with_field_errors() {
    let stack = Stack::start().await;
    let register = |username: &str, email: &str, password: &str| {
        stack.post(
            "/v1/auth/register",
            json!({"username": username, "email": email, "password": password}),
        )
    };
    let all_bad = register("a", "not-an-email", "short").await;
    all_bad.problem(422);
    assert_eq!(all_bad.error_fields(), ["username", "email", "password"]);
    for username in [
        "ab",
        &"x".repeat(31),
        "has space",
        "dash-ed",
        "émile",
        "<script>",
    ] {
        let reply = register(username, &unique_email("x"), PASSWORD).await;
        reply.problem(422);
        assert_eq!(reply.error_fields(), ["username"], "{username}");
    }
    let long_email = format!("{}@example.com", "e".repeat(250));
    for email in ["plain", "a@b", "a b@c.de", &long_email] {
        let reply = register("valid_name", email, PASSWORD).await;
        assert_eq!(reply.error_fields(), ["email"], "{email}");
    }
    let reply = register("valid_name", &unique_email("x"), &"p".repeat(129)).await;
    assert_eq!(reply.error_fields(), ["password"]);
    stack
        .post("/v1/auth/forgot-password", json!({"email": "nope"}))
        .await
        .problem(422);
}

fn forge(header: serde_json::Value, claims: serde_json::Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[tokio::test]
async fn bad_tokens_are_401_never_500() {
    let stack = Stack::start().await;
    let (good, _) = stack.signed_in("sam").await;
    let user_id = stack
        .call(Method::GET, "/v1/me", Some(&good), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = json!({"sub": user_id, "jti": "x", "iat": now, "exp": now + 900, "iss": "kith", "aud": "kith-api"});

    let ours = TokenKeys::from_pem(&stack.key_pem, "kith", "kith-api").unwrap();
    let expired = ours.issue(&user_id, now - 3600).unwrap();
    let wrong_audience = TokenKeys::from_pem(&stack.key_pem, "kith", "someone-else")
        .unwrap()
        .issue(&user_id, now)
        .unwrap();
    let wrong_issuer = TokenKeys::from_pem(&stack.key_pem, "evil", "kith-api")
        .unwrap()
        .issue(&user_id, now)
        .unwrap();
    let other_key = TokenKeys::from_pem(
        &kith::platform::crypto::generate_signing_key_pem(),
        "kith",
        "kith-api",
    )
    .unwrap()
    .issue(&user_id, now)
    .unwrap();
    let alg_none = forge(json!({"alg": "none", "typ": "JWT"}), claims.clone(), "");
    let hs256 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(stack.key_pem.as_bytes()),
    )
    .unwrap();
    let tampered = {
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        parts[1] =
            URL_SAFE_NO_PAD.encode(json!({"sub": "someone-else", "exp": now + 900}).to_string());
        parts.join(".")
    };

    for (name, token) in [
        ("expired", expired.as_str()),
        ("wrong audience", &wrong_audience),
        ("wrong issuer", &wrong_issuer),
        ("other key", &other_key),
        ("alg none", &alg_none),
        ("hs256", &hs256),
        ("tampered", &tampered),
        ("garbage", "not.a.jwt"),
        ("empty", ""),
    ] {
        let reply = stack.call(Method::GET, "/v1/me", Some(token), None).await;
        reply.problem(401);
        assert_eq!(reply.headers["www-authenticate"], "Bearer", "{name}");
    }
    stack
        .call(Method::GET, "/v1/me", None, None)
        .await
        .problem(401);
    let basic = stack
        .http
        .get(format!("{}/v1/me", stack.base))
        .header("authorization", "Basic c2FtOnB3")
        .send()
        .await
        .unwrap();
    kith_tests::Reply::read(basic).await.problem(401);
}

#[tokio::test]
async fn unknown_routes_answer_like_api_gateway() {
    let stack = Stack::start().await;
    let reply = stack
        .call(Method::GET, "/v1/nothing-here", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body, json!({"message": "Not Found"}));
    let reply = stack.call(Method::PUT, "/v1/me", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

/// What the fuzzer over docs/openapi.yaml found accepted though the document
/// refuses it.
#[tokio::test]
async fn the_api_refuses_what_its_description_refuses() {
    let stack = Stack::start().await;
    let (token, _) = stack.signed_in("paula").await;
    let patch = |body: &'static str| {
        stack
            .http
            .patch(format!("{}/v1/me", stack.base))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for body in [r#"{"private": null}"#, "[null, null]", r#"["a"]"#] {
        let reply = kith_tests::Reply::read(patch(body).await.unwrap()).await;
        reply.problem(400);
    }
    let ok = kith_tests::Reply::read(patch(r#" {"private": true}"#).await.unwrap()).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["private"], true);
}
