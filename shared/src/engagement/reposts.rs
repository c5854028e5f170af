//! Reposts: one per account per post, counted on the original and fanned
//! out like any post; quotes are posts that embed another.

use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::Event;
use crate::platform::http::authenticate;
use crate::platform::http::id_param;
use crate::platform::http::no_content;
use crate::platform::ids::PostId;
use crate::posts::api::{saved, view};
use crate::posts::model::Post;
use crate::posts::service::{compose, delete, earlier_post, post_event, shareable};
use crate::posts::store::Created;
use lambda_http::{Body, Request, Response};

/// Reposts a post to my followers; reposting again returns the first
/// repost (`false`: not newly created).
pub async fn repost(app: &App, me: &str, post_id: &str) -> Result<(Post, bool)> {
    let original = shareable(app, me, post_id, "post_id").await?;
    let post = Post {
        repost_of: Some(original),
        ..compose(app, me, String::new()).await?
    };
    match app
        .store
        .create_post(&post, &post_event(Event::PostCreated, &post), None)
        .await?
    {
        Created::New => Ok((post, true)),
        Created::Reposted(id) => Ok((earlier_post(app, &id).await?, false)),
        Created::Replayed(_) => Err(Error::bug("a repost has no idempotency key")),
    }
}

/// Takes my repost of a post back; idempotent.
pub async fn unrepost(app: &App, me: &str, post_id: &str) -> Result<()> {
    match app.store.repost_by(post_id, me).await? {
        Some(repost) => match delete(app, me, &repost).await {
            Err(Error::NotFound(_)) => Ok(()), // deleted meanwhile
            other => other,
        },
        None => Ok(()),
    }
}

/// `POST /v1/posts/{post_id}/repost`: 201 with my repost, or 200 with the
/// one I made before.
pub async fn repost_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let (post, new) = repost(app, &me, &id_param::<PostId>(&req, "post_id")?).await?;
    saved(view(app, Some(&me), post).await?, new)
}

pub async fn unrepost_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    unrepost(app, &me, &id_param::<PostId>(&req, "post_id")?).await?;
    no_content()
}
