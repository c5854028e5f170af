//! Helpers of the notification tests: lists, counts, the actions that
//! cause notifications, and settings.

use crate::{Reply, Stack, eventually};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub async fn notifications(stack: &Stack, token: &str, query: &str) -> Vec<Value> {
    let reply = stack
        .call(
            Method::GET,
            &format!("/v1/notifications{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["items"].as_array().unwrap().clone()
}

/// Waits until my list (with `query`) has `count` items, and returns them.
pub async fn listed(stack: &Stack, token: &str, query: &str, count: usize) -> Vec<Value> {
    eventually(&format!("{count} notifications ({query})"), async || {
        notifications(stack, token, query).await.len() >= count
    })
    .await;
    let items = notifications(stack, token, query).await;
    assert_eq!(items.len(), count, "{items:#?}");
    items
}

pub async fn unread(stack: &Stack, token: &str) -> u64 {
    let reply = stack
        .call(
            Method::GET,
            "/v1/notifications/unread-count",
            Some(token),
            None,
        )
        .await;
    reply.body["unread"].as_u64().unwrap()
}

pub async fn react(stack: &Stack, token: &str, post: &str, kind: &str) {
    let reply = stack
        .call(
            Method::PUT,
            &format!("/v1/posts/{post}/reaction"),
            Some(token),
            Some(json!({"kind": kind})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
}

pub async fn comment(
    stack: &Stack,
    token: &str,
    post: &str,
    text: &str,
    parent: Option<&str>,
) -> String {
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/posts/{post}/comments"),
            Some(token),
            Some(json!({"text": text, "parent_id": parent})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

/// `PATCH /v1/me/notification-settings`.
pub async fn change_settings(stack: &Stack, token: &str, change: Value) -> Reply {
    stack
        .call(
            Method::PATCH,
            "/v1/me/notification-settings",
            Some(token),
            Some(change),
        )
        .await
}

pub fn usernames(item: &Value) -> Vec<&str> {
    item["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect()
}

/// Lets the pipeline deliver what is in flight (for asserting that nothing came).
pub async fn settle() {
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
}
