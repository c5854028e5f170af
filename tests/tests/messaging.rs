//! Direct messages through the local host: one conversation per pair, the
//! request inbox, blocks, outsiders, groups and roles, edits, deletion,
//! reactions, read state, idempotent and racing sends, disappearing
//! messages.

use futures_util::future::join_all;
use kith_tests::{Reply, Stack, eventually};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn start(stack: &Stack, token: &str, members: &[&str], title: Option<&str>) -> Reply {
    stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(token),
            Some(json!({ "members": members, "title": title })),
        )
        .await
}

async fn conversation(stack: &Stack, token: &str, members: &[&str], title: Option<&str>) -> String {
    let reply = start(stack, token, members, title).await;
    assert!(reply.status.is_success(), "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn send(stack: &Stack, token: &str, convo: &str, text: &str) -> Reply {
    stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/messages"),
            Some(token),
            Some(json!({ "text": text })),
        )
        .await
}

async fn sent(stack: &Stack, token: &str, convo: &str, text: &str) -> String {
    let reply = send(stack, token, convo, text).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn history(stack: &Stack, token: &str, convo: &str) -> Reply {
    stack
        .call(
            Method::GET,
            &format!("/v1/conversations/{convo}/messages"),
            Some(token),
            None,
        )
        .await
}

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn inbox(stack: &Stack, token: &str, r#box: &str) -> Value {
    let reply = stack
        .call(
            Method::GET,
            &format!("/v1/conversations?box={box}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body
}

fn entry<'a>(page: &'a Value, convo: &str) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == convo)
}

async fn allow_everyone(stack: &Stack, token: &str) {
    let reply = stack
        .call(
            Method::PATCH,
            "/v1/me/messaging",
            Some(token),
            Some(json!({ "allow_from": "everyone" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
}

#[tokio::test]
async fn a_pair_has_one_conversation_and_messages_flow_with_read_state() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let follow = stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    assert_eq!(follow.status, StatusCode::OK);

    let first = start(&stack, &alice, &["bob"], None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    assert_eq!(first.body["kind"], "direct");
    let convo = first.body["id"].as_str().unwrap().to_owned();
    // Found again whoever asks, however often, also when asked at once.
    let again = join_all((0..3).map(|_| start(&stack, &bob, &["alice"], None))).await;
    for reply in again {
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(reply.body["id"], convo.as_str());
    }

    let m1 = sent(&stack, &alice, &convo, "hello bob").await;
    let m2 = sent(&stack, &alice, &convo, "are you there?").await;
    let page = history(&stack, &bob, &convo).await;
    assert_eq!(
        texts(&page.body),
        ["are you there?", "hello bob"],
        "newest first"
    );

    // Bob follows Alice, so it is in his inbox, not his requests.
    eventually("bob's inbox counts two unread", async || {
        entry(&inbox(&stack, &bob, "inbox").await, &convo).is_some_and(|e| e["unread"] == 2)
    })
    .await;
    let page = inbox(&stack, &bob, "inbox").await;
    let e = entry(&page, &convo).unwrap();
    assert_eq!(e["last_message"]["text"], "are you there?");
    assert_eq!(e["peer"]["username"], "alice");
    let unread = stack
        .call(Method::GET, "/v1/me/unread", Some(&bob), None)
        .await;
    assert_eq!(
        unread.body,
        json!({"messages": 2, "conversations": 1, "requests": 0})
    );

    // The read marker moves forward only.
    let read = |m: String| {
        let (stack, bob, convo) = (&stack, bob.clone(), convo.clone());
        async move {
            stack
                .call(
                    Method::POST,
                    &format!("/v1/conversations/{convo}/read"),
                    Some(&bob),
                    Some(json!({ "message_id": m })),
                )
                .await
        }
    };
    let r = read(m2.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.body["unread"], 0);
    let r = read(m1.clone()).await;
    assert_eq!(r.body["read_message_id"], m2.as_str(), "never back");
    // Alice sees Bob's receipt, until Bob makes his receipts private.
    let receipt = async |stack: &Stack| {
        let view = stack
            .call(
                Method::GET,
                &format!("/v1/conversations/{convo}"),
                Some(&alice),
                None,
            )
            .await
            .body;
        view["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["username"] == "bob")
            .unwrap()["read_message_id"]
            .clone()
    };
    assert_eq!(receipt(&stack).await, m2.as_str());
    let private = stack
        .call(
            Method::PATCH,
            "/v1/me/messaging",
            Some(&bob),
            Some(json!({"read_receipts": false})),
        )
        .await;
    assert_eq!(private.body["read_receipts"], false);
    let m3 = sent(&stack, &alice, &convo, "third").await;
    read(m3).await;
    assert_eq!(receipt(&stack).await, Value::Null);
}

#[tokio::test]
async fn strangers_land_in_requests_until_accepted_and_declined_stay_hidden() {
    let stack = Stack::start().await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let (dave, _) = stack.signed_in("dave").await;

    let from_carol = conversation(&stack, &carol, &["bob"], None).await;
    sent(&stack, &carol, &from_carol, "hi, stranger here").await;
    eventually("carol's message waits in bob's requests", async || {
        entry(&inbox(&stack, &bob, "requests").await, &from_carol)
            .is_some_and(|e| e["unread"] == 1 && e["status"] == "request")
    })
    .await;
    assert!(entry(&inbox(&stack, &bob, "inbox").await, &from_carol).is_none());
    let unread = stack
        .call(Method::GET, "/v1/me/unread", Some(&bob), None)
        .await;
    assert_eq!(
        unread.body,
        json!({"messages": 0, "conversations": 0, "requests": 1})
    );
    let accept = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{from_carol}/accept"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(accept.status, StatusCode::NO_CONTENT);
    assert!(entry(&inbox(&stack, &bob, "inbox").await, &from_carol).is_some());
    assert!(entry(&inbox(&stack, &bob, "requests").await, &from_carol).is_none());

    let from_dave = conversation(&stack, &dave, &["bob"], None).await;
    let decline = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{from_dave}/decline"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(decline.status, StatusCode::NO_CONTENT);
    sent(&stack, &dave, &from_dave, "still there?").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(entry(&inbox(&stack, &bob, "inbox").await, &from_dave).is_none());
    assert!(entry(&inbox(&stack, &bob, "requests").await, &from_dave).is_none());
    // Accepting what is not a request is refused.
    let stale = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{from_dave}/accept"),
            Some(&bob),
            None,
        )
        .await;
    stale.problem(404);
}

#[tokio::test]
async fn blocks_either_way_forbid_messaging_and_adding_to_groups() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    stack.signed_in("carol").await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let m = sent(&stack, &alice, &convo, "before the block").await;
    let block = stack
        .call(Method::POST, "/v1/users/alice/block", Some(&bob), None)
        .await;
    assert_eq!(block.status, StatusCode::NO_CONTENT);

    let reply = send(&stack, &alice, &convo, "after the block").await;
    assert_eq!(
        reply.problem(403)["type"],
        "https://kith.dev/problems/blocked"
    );
    send(&stack, &bob, &convo, "nor the blocker")
        .await
        .problem(403);
    let react = stack
        .call(
            Method::PUT,
            &format!("/v1/conversations/{convo}/messages/{m}/reaction"),
            Some(&bob),
            Some(json!({"kind": "like"})),
        )
        .await;
    react.problem(403);
    start(&stack, &alice, &["bob"], Some("a group"))
        .await
        .problem(403);
    let group = conversation(&stack, &alice, &["carol"], Some("friends")).await;
    let add = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{group}/members"),
            Some(&alice),
            Some(json!({"username": "bob"})),
        )
        .await;
    add.problem(403);
}

#[tokio::test]
async fn outsiders_can_neither_read_nor_write_a_conversation() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    stack.signed_in("bob").await;
    let (eve, _) = stack.signed_in("eve").await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let m = sent(&stack, &alice, &convo, "private").await;
    let paths = [
        (Method::GET, format!("/v1/conversations/{convo}"), None),
        (
            Method::GET,
            format!("/v1/conversations/{convo}/messages"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/conversations/{convo}/messages"),
            Some(json!({"text": "hi"})),
        ),
        (
            Method::PATCH,
            format!("/v1/conversations/{convo}/messages/{m}"),
            Some(json!({"text": "mine now"})),
        ),
        (
            Method::DELETE,
            format!("/v1/conversations/{convo}/messages/{m}?for=everyone"),
            None,
        ),
        (
            Method::PUT,
            format!("/v1/conversations/{convo}/messages/{m}/reaction"),
            Some(json!({"kind": "wow"})),
        ),
        (
            Method::POST,
            format!("/v1/conversations/{convo}/read"),
            Some(json!({"message_id": m})),
        ),
        (
            Method::PATCH,
            format!("/v1/conversations/{convo}/me"),
            Some(json!({"pinned": true})),
        ),
        (
            Method::PATCH,
            format!("/v1/conversations/{convo}"),
            Some(json!({"disappearing_secs": 3600})),
        ),
        (
            Method::POST,
            format!("/v1/conversations/{convo}/members"),
            Some(json!({"username": "eve"})),
        ),
        (
            Method::POST,
            format!("/v1/conversations/{convo}/accept"),
            None,
        ),
    ];
    for (method, path, body) in paths {
        let reply = stack.call(method.clone(), &path, Some(&eve), body).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {reply:?}"
        );
    }
    let page = history(&stack, &alice, &convo).await;
    assert_eq!(texts(&page.body), ["private"], "nothing changed");
    let anonymous = stack
        .call(
            Method::GET,
            &format!("/v1/conversations/{convo}"),
            None,
            None,
        )
        .await;
    anonymous.problem(401);
}

#[tokio::test]
async fn senders_edit_for_fifteen_minutes_and_delete_for_everyone_members_react_once() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let m = sent(&stack, &alice, &convo, "helo").await;
    let path = format!("/v1/conversations/{convo}/messages/{m}");

    let edit = stack
        .call(
            Method::PATCH,
            &path,
            Some(&alice),
            Some(json!({"text": "hello"})),
        )
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{edit:?}");
    assert_eq!(
        (edit.body["text"].as_str(), edit.body["edited"].as_bool()),
        (Some("hello"), Some(true))
    );
    let theirs = stack
        .call(
            Method::PATCH,
            &path,
            Some(&bob),
            Some(json!({"text": "hijacked"})),
        )
        .await;
    assert_eq!(
        theirs.problem(403)["type"],
        "https://kith.dev/problems/not-the-author"
    );

    // One reaction per member: a second replaces the first.
    let reaction = format!("{path}/reaction");
    for kind in ["love", "like"] {
        let r = stack
            .call(
                Method::PUT,
                &reaction,
                Some(&bob),
                Some(json!({"kind": kind})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
    }
    let view = history(&stack, &bob, &convo).await.body["items"][0].clone();
    assert_eq!(
        (view["reactions"].clone(), view["my_reaction"].clone()),
        (json!({"like": 1}), json!("like"))
    );
    let off = stack
        .call(Method::DELETE, &reaction, Some(&bob), None)
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT);
    assert_eq!(
        history(&stack, &bob, &convo).await.body["items"][0]["reactions"],
        json!({})
    );

    // A reply shows its original's excerpt until the original is deleted.
    let reply = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/messages"),
            Some(&bob),
            Some(json!({"text": "hi!", "reply_to": m})),
        )
        .await;
    assert_eq!(reply.body["reply_to"]["excerpt"], "hello", "{reply:?}");
    stack
        .call(
            Method::DELETE,
            &format!("{path}?for=everyone"),
            Some(&bob),
            None,
        )
        .await
        .problem(403);
    let gone = stack
        .call(
            Method::DELETE,
            &format!("{path}?for=everyone"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let page = history(&stack, &bob, &convo).await.body;
    assert_eq!(page["items"][0]["reply_to"]["excerpt"], Value::Null);
    assert_eq!(
        (
            page["items"][1]["deleted"].clone(),
            page["items"][1]["text"].clone()
        ),
        (json!(true), json!(""))
    );
    stack
        .call(
            Method::PATCH,
            &path,
            Some(&alice),
            Some(json!({"text": "undo"})),
        )
        .await
        .problem(409);

    // Deleting for me hides it from me only.
    let mine = stack
        .call(
            Method::DELETE,
            &format!(
                "/v1/conversations/{convo}/messages/{}",
                page["items"][0]["id"].as_str().unwrap()
            ),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(mine.status, StatusCode::NO_CONTENT);
    assert_eq!(
        history(&stack, &alice, &convo).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        history(&stack, &bob, &convo).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // After fifteen minutes, no more edits.
    let late = sent(&stack, &alice, &convo, "on time").await;
    age_message(&stack, &convo, &late, 16 * 60).await;
    let edit = stack
        .call(
            Method::PATCH,
            &format!("/v1/conversations/{convo}/messages/{late}"),
            Some(&alice),
            Some(json!({"text": "too late"})),
        )
        .await;
    assert_eq!(
        edit.problem(409)["type"],
        "https://kith.dev/problems/edit-window-closed"
    );
}

/// Moves a message's sending time `secs` into the past, as if time had passed.
async fn age_message(stack: &Stack, convo: &str, message: &str, secs: i64) {
    let sent_at = time::OffsetDateTime::now_utc().unix_timestamp() * 1000 - secs * 1000;
    set_number(stack, convo, message, "created_at", sent_at).await;
}

async fn set_number(stack: &Stack, convo: &str, message: &str, attribute: &str, value: i64) {
    use aws_sdk_dynamodb::types::AttributeValue;
    aws_sdk_dynamodb::Client::new(&stack.sdk)
        .update_item()
        .table_name(&stack.table)
        .key("PK", AttributeValue::S(format!("MSGS#{convo}")))
        .key("SK", AttributeValue::S(message.to_owned()))
        .update_expression("SET #a = :v")
        .expression_attribute_names("#a", attribute)
        .expression_attribute_values(":v", AttributeValue::N(value.to_string()))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_retried_send_sends_once_and_racing_senders_lose_nothing() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let url = format!("{}/v1/conversations/{convo}/messages", stack.base);
    let post = |text: &str| {
        stack
            .http
            .post(&url)
            .bearer_auth(&alice)
            .header("idempotency-key", "send-1")
            .json(&json!({"text": text}))
            .send()
    };
    let replies = join_all((0..3).map(|_| post("once"))).await;
    let mut ids = BTreeSet::new();
    for reply in replies {
        let reply = Reply::read(reply.unwrap()).await;
        assert!(reply.status.is_success(), "{reply:?}");
        ids.insert(reply.body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "one message for one key");
    Reply::read(post("another").await.unwrap())
        .await
        .problem(409);

    let racing = join_all((0..8).map(|i| {
        let token = if i % 2 == 0 { &alice } else { &bob };
        send(&stack, token, &convo, "race")
    }))
    .await;
    assert!(
        racing.iter().all(|r| r.status == StatusCode::CREATED),
        "{racing:?}"
    );
    let page = history(&stack, &alice, &convo).await.body;
    let seqs: Vec<u64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        (1..=9).rev().collect::<Vec<_>>(),
        "gapless, newest first"
    );
}

#[tokio::test]
async fn groups_have_roles_and_new_members_see_only_what_came_after() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let mut tokens = Vec::new();
    for name in ["bob", "carol", "dave"] {
        let (token, _) = stack.signed_in(name).await;
        allow_everyone(&stack, &token).await;
        tokens.push(token);
    }
    let (bob, carol, dave) = (&tokens[0], &tokens[1], &tokens[2]);
    let group = conversation(&stack, &alice, &["bob", "carol"], Some("Trip")).await;
    sent(&stack, &alice, &group, "before dave").await;
    let members = format!("/v1/conversations/{group}/members");
    let by_bob = stack
        .call(
            Method::POST,
            &members,
            Some(bob),
            Some(json!({"username": "dave"})),
        )
        .await;
    assert_eq!(
        by_bob.problem(403)["type"],
        "https://kith.dev/problems/not-a-conversation-admin"
    );
    let add = stack
        .call(
            Method::POST,
            &members,
            Some(&alice),
            Some(json!({"username": "dave"})),
        )
        .await;
    assert_eq!(add.status, StatusCode::NO_CONTENT, "{add:?}");
    sent(&stack, &alice, &group, "welcome dave").await;
    assert_eq!(
        texts(&history(&stack, dave, &group).await.body),
        ["welcome dave"]
    );

    let rename = stack
        .call(
            Method::PATCH,
            &format!("/v1/conversations/{group}"),
            Some(bob),
            Some(json!({"title": "Hijack"})),
        )
        .await;
    rename.problem(403);
    let rename = stack
        .call(
            Method::PATCH,
            &format!("/v1/conversations/{group}"),
            Some(&alice),
            Some(json!({"title": "Trip 2027"})),
        )
        .await;
    assert_eq!(rename.body["title"], "Trip 2027", "{rename:?}");
    eventually("the new title reaches dave's inbox", async || {
        entry(&inbox(&stack, dave, "inbox").await, &group)
            .is_some_and(|e| e["title"] == "Trip 2027")
    })
    .await;

    // Members cannot remove each other; the owner can; anyone can leave.
    let remove = |who: &str| format!("{members}/{who}");
    stack
        .call(Method::DELETE, &remove("carol"), Some(bob), None)
        .await
        .problem(403);
    let out = stack
        .call(Method::DELETE, &remove("carol"), Some(&alice), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    history(&stack, carol, &group).await.problem(404);
    send(&stack, carol, &group, "still here?")
        .await
        .problem(404);
    let leave = stack
        .call(Method::DELETE, &remove("alice"), Some(&alice), None)
        .await;
    assert_eq!(leave.status, StatusCode::NO_CONTENT);
    // The owner left: the longest-standing member owns it now.
    let view = stack
        .call(
            Method::GET,
            &format!("/v1/conversations/{group}"),
            Some(bob),
            None,
        )
        .await
        .body;
    assert_eq!(view["member_count"], 2);
    assert_eq!(view["me"]["role"], "owner", "{view}");
}

#[tokio::test]
async fn a_group_holds_fifty_members() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let names: Vec<String> = (0..49).map(|i| format!("member{i}")).collect();
    let ids = kith_tests::seed_accounts(stack.app, "member", 50).await;
    assert_eq!(ids.len(), 50);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let group = conversation(&stack, &alice, &refs, Some("Fifty")).await;
    let add = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{group}/members"),
            Some(&alice),
            Some(json!({"username": "member49"})),
        )
        .await;
    assert_eq!(
        add.problem(409)["type"],
        "https://kith.dev/problems/conversation-full"
    );
    let mut too_many: Vec<&str> = refs.clone();
    too_many.push("member49");
    start(&stack, &alice, &too_many, Some("Fifty-one"))
        .await
        .problem(422);
}

#[tokio::test]
async fn disappearing_messages_vanish_at_the_deadline_from_every_read() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    allow_everyone(&stack, &bob).await;
    let convo = conversation(&stack, &alice, &["bob"], None).await;
    let timer = stack
        .call(
            Method::PATCH,
            &format!("/v1/conversations/{convo}"),
            Some(&bob),
            Some(json!({"disappearing_secs": 3600})),
        )
        .await;
    assert_eq!(timer.body["disappearing_secs"], 3600, "{timer:?}");
    let m = send(&stack, &alice, &convo, "this will self-destruct").await;
    assert!(m.body["expires_at"].is_string(), "{m:?}");
    let m = m.body["id"].as_str().unwrap().to_owned();
    eventually("bob sees it in his inbox", async || {
        entry(&inbox(&stack, &bob, "inbox").await, &convo).is_some_and(|e| e["unread"] == 1)
    })
    .await;
    // The deadline comes two seconds from now (as if the hour had passed).
    let deadline = time::OffsetDateTime::now_utc().unix_timestamp() + 2;
    set_number(&stack, &convo, &m, "expires_at", deadline).await;
    assert_eq!(texts(&history(&stack, &bob, &convo).await.body).len(), 1);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(texts(&history(&stack, &bob, &convo).await.body).is_empty());
    let path = format!("/v1/conversations/{convo}/messages/{m}");
    stack
        .call(
            Method::PUT,
            &format!("{path}/reaction"),
            Some(&bob),
            Some(json!({"kind": "wow"})),
        )
        .await
        .problem(404);
    let read = stack
        .call(
            Method::POST,
            &format!("/v1/conversations/{convo}/read"),
            Some(&bob),
            Some(json!({"message_id": m})),
        )
        .await;
    read.problem(422);
    // Turning the timer off keeps later messages.
    let off = stack
        .call(
            Method::PATCH,
            &format!("/v1/conversations/{convo}"),
            Some(&alice),
            Some(json!({"disappearing_secs": null})),
        )
        .await;
    assert_eq!(off.body["disappearing_secs"], Value::Null);
    let kept = send(&stack, &alice, &convo, "this stays").await;
    assert_eq!(kept.body["expires_at"], Value::Null);
}

#[tokio::test]
async fn pinned_conversations_come_first_and_muted_ones_do_not_count() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    allow_everyone(&stack, &alice).await;
    let mut convos = Vec::new();
    for name in ["bob", "carol"] {
        let (token, _) = stack.signed_in(name).await;
        let convo = conversation(&stack, &token, &["alice"], None).await;
        sent(&stack, &token, &convo, &format!("from {name}")).await;
        convos.push(convo);
    }
    eventually("both reach alice's inbox", async || {
        let page = inbox(&stack, &alice, "inbox").await;
        convos
            .iter()
            .all(|c| entry(&page, c).is_some_and(|e| e["unread"] == 1))
    })
    .await;
    let order = async || -> Vec<String> {
        inbox(&stack, &alice, "inbox").await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        order().await,
        [convos[1].clone(), convos[0].clone()],
        "latest activity first"
    );
    let me = |c: &str| format!("/v1/conversations/{c}/me");
    let pin = stack
        .call(
            Method::PATCH,
            &me(&convos[0]),
            Some(&alice),
            Some(json!({"pinned": true})),
        )
        .await;
    assert_eq!(pin.body["pinned"], true, "{pin:?}");
    assert_eq!(
        order().await,
        [convos[0].clone(), convos[1].clone()],
        "pinned first"
    );
    stack
        .call(
            Method::PATCH,
            &me(&convos[1]),
            Some(&alice),
            Some(json!({"muted": true})),
        )
        .await;
    let unread = stack
        .call(Method::GET, "/v1/me/unread", Some(&alice), None)
        .await;
    assert_eq!(
        unread.body,
        json!({"messages": 1, "conversations": 1, "requests": 0})
    );
}
