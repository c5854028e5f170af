//! Profiles through the local host: reading and editing my profile, the public
//! view, and account deletion.

use kith_tests::{PASSWORD, Stack};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn edit_my_profile_with_merge_patch_semantics() {
    let stack = Stack::start().await;
    let (access, _) = stack.signed_in("lena").await;
    let patch = |body| stack.call(Method::PATCH, "/v1/me", Some(&access), Some(body));

    let edited = patch(json!({
        "display_name": "  Lena L. ",
        "bio": "Writes Rust.\nDrinks tea.",
        "website": "https://lena.example",
        "location": "Oslo",
        "private": true
    }))
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{edited:?}");
    assert_eq!(edited.body["display_name"], "Lena L.");
    assert_eq!(edited.body["private"], true);

    // Absent fields stay; null clears.
    let cleared = patch(json!({"location": null})).await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.body["location"], serde_json::Value::Null);
    assert_eq!(cleared.body["bio"], "Writes Rust.\nDrinks tea.");

    let me = stack.call(Method::GET, "/v1/me", Some(&access), None).await;
    assert_eq!(me.body["display_name"], "Lena L.");
    assert_eq!(me.body["location"], serde_json::Value::Null);

    let invalid =
        patch(json!({"website": "javascript:alert(1)", "display_name": "x".repeat(51)})).await;
    invalid.problem(422);
    assert_eq!(invalid.error_fields(), ["display_name", "website"]);
}

#[tokio::test]
async fn the_public_view_shows_counts_and_hides_private_fields() {
    let stack = Stack::start().await;
    stack.signed_in("Mona").await;
    for name in ["mona", "MONA", "Mona"] {
        let reply = stack
            .call(Method::GET, &format!("/v1/users/{name}"), None, None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(reply.body["username"], "Mona");
        for count in ["followers_count", "following_count", "posts_count"] {
            assert_eq!(reply.body[count], 0, "{count}");
        }
        for secret in ["email", "email_verified", "password_hash"] {
            assert!(reply.body.get(secret).is_none(), "{secret} leaked");
        }
    }
    stack
        .call(Method::GET, "/v1/users/nobody", None, None)
        .await
        .problem(404);
    stack
        .call(Method::GET, "/v1/users/bad%20name", None, None)
        .await
        .problem(404);
}

#[tokio::test]
async fn deleting_my_account_ends_sign_in_and_releases_the_username() {
    let stack = Stack::start().await;
    let email = stack.register("nick").await;
    let tokens = stack.login("nick", PASSWORD).await.body;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();

    let wrong = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(access),
            Some(json!({"password": "not my password"})),
        )
        .await;
    wrong.problem(422);
    assert_eq!(wrong.error_fields(), ["password"]);

    let deleted = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(access),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");

    stack.login("nick", PASSWORD).await.problem(401);
    stack.login(&email, PASSWORD).await.problem(401);
    stack
        .post("/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await
        .problem(401);
    // The still-unexpired access token no longer reaches the account.
    stack
        .call(Method::GET, "/v1/me", Some(access), None)
        .await
        .problem(401);
    stack
        .call(Method::GET, "/v1/users/nick", None, None)
        .await
        .problem(404);

    // Username and email are free again, for someone else.
    let again = stack
        .post(
            "/v1/auth/register",
            json!({"username": "NICK", "email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{again:?}");
    assert_ne!(again.body["id"], tokens["user_id"]);
}

#[tokio::test]
async fn a_user_cannot_touch_another_users_account() {
    let stack = Stack::start().await;
    let (olga, _) = stack.signed_in("olga").await;
    stack.signed_in("pete").await;
    // /v1/me is always the caller: there is no way to name another account.
    let edited = stack
        .call(
            Method::PATCH,
            "/v1/me",
            Some(&olga),
            Some(json!({"bio": "olga's bio"})),
        )
        .await;
    assert_eq!(edited.body["username"], "olga");
    let pete = stack.call(Method::GET, "/v1/users/pete", None, None).await;
    assert_eq!(pete.body["bio"], serde_json::Value::Null);
    // Deleting needs the caller's own password; pete's would not do.
    stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&olga),
            Some(json!({"password": "pete's password"})),
        )
        .await
        .problem(422);
    assert_eq!(stack.login("pete", PASSWORD).await.status, StatusCode::OK);
}
