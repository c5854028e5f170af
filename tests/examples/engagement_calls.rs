//! DynamoDB calls per engagement request, counted by the same SDK
//! interceptor as the feed test (not a test: `scripts/count-calls` runs it
//! against moto and prints the table). Each request is the service call an
//! HTTP handler makes, by a signed-in account, on warm data.

use kith::comments::service as comments;
use kith::communities::model::CommunitySort;
use kith::communities::model::CommunityVisibility;
use kith::communities::service as communities;
use kith::engagement::model::Target;
use kith::engagement::service as reactions;
use kith::posts::counts::ReactionKind;
use kith::votes::service as votes;
use kith_tests::{CallCounter, Stack, counted, quick_user, seed_accounts};

#[tokio::main]
async fn main() {
    let stack = Stack::start().await;
    let (app, calls) = counted(&stack, 10_000);
    let owner = quick_user(app, "owner").await;
    let me = quick_user(app, "reader").await;
    let community = communities::create(
        app,
        &owner,
        communities::NewCommunity {
            name: "measured".into(),
            description: String::new(),
            rules: Vec::new(),
            visibility: CommunityVisibility::Public,
        },
    )
    .await
    .unwrap();
    let mut posts = Vec::new();
    for i in 0..30 {
        let post = kith::posts::service::create_in_community(
            app,
            &owner,
            &community.name,
            &format!("post {i}"),
            "text",
        )
        .await
        .unwrap();
        posts.push(post.id);
    }
    let commenters = seed_accounts(app, "c", 20).await;
    for (i, who) in commenters.iter().enumerate() {
        comments::create(app, who, &posts[0], &format!("comment {i}"), None)
            .await
            .unwrap();
    }

    println!("| request | DynamoDB calls | of which writes |");
    println!("|---|---:|---:|");
    let row = |name: &str, calls: &CallCounter| {
        println!("| {name} | {} | {} |", calls.all(), calls.writes());
    };
    let post = Target::Post(kith::platform::ids::Id::parse(&posts[1]).unwrap());
    calls.reset();
    reactions::react(app, &me, &post, ReactionKind::Love)
        .await
        .unwrap();
    row("react to a post (PUT .../reaction)", &calls);
    calls.reset();
    votes::vote(app, &me, &post, 1, None).await.unwrap();
    row("vote on a community post (PUT .../vote)", &calls);
    calls.reset();
    comments::create(app, &me, &posts[1], "well said", None)
        .await
        .unwrap();
    row("comment on a community post (POST .../comments)", &calls);
    calls.reset();
    let thread = comments::thread(app, Some(&me), &posts[0], 10, 20, None)
        .await
        .unwrap();
    assert_eq!(thread.comments.len(), 20);
    row("list a comment page (20 comments)", &calls);
    calls.reset();
    let page = kith::posts::reading::in_community(
        app,
        Some(&me),
        &community.name,
        CommunitySort::Hot,
        20,
        None,
    )
    .await
    .unwrap();
    assert_eq!(page.posts.len(), 20);
    row("list a hot page (20 posts)", &calls);
}
