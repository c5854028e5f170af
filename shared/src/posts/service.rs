//! Writing and reading posts. Every read path decides visibility with
//! `domain::post::visible_to`.

use crate::access::service::{ensure_may_take_part, ensure_not_banned};
use crate::communities::service as communities;
use crate::communities::store::ModLogEntry;
use crate::media::model::Purpose;
use crate::media::service::attachments;
use crate::platform::clock::millis;
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::error::{Denied, Error};
use crate::platform::events::Envelope;
use crate::platform::events::Visibility;
use crate::platform::events::{Event, PostChanged, Reposted};
use crate::platform::idempotency::IdempotencyRecord;
use crate::platform::ids::PostId;
use crate::platform::store::versions::Version;
use crate::posts::model as post;
use crate::posts::model::Mention;
use crate::posts::model::Post;
use crate::posts::model::PostRef;
use crate::posts::model::{TEXT_MAX, check_body};
use crate::posts::reading::visible_post;
use crate::posts::store::Created;

pub struct NewPost {
    pub text: String,
    pub visibility: Visibility,
    pub content_warning: Option<String>,
    pub reply_to: Option<String>,
    /// The post quoted, if any.
    pub quote_of: Option<String>,
    /// Ready images of mine to attach (id, alt text), at most four.
    pub media: Vec<(String, Option<String>)>,
}

pub(crate) fn not_found(post_id: &str) -> Error {
    Error::NotFound(format!("no post {post_id}"))
}

/// Creates a post; with an idempotency key, a retry returns the first post
/// (`false`: not newly created) instead of a duplicate, also when retries race.
pub async fn create(
    app: &App,
    author_id: &str,
    new: NewPost,
    idempotency_key: Option<&str>,
) -> Result<(Post, bool)> {
    let (text, content_warning) =
        post::check_text(&new.text, new.content_warning.as_deref()).map_err(Error::Validation)?;
    if let Some(parent) = &new.reply_to {
        visible_post(app, Some(author_id), parent)
            .await
            .map_err(|_| Error::validation("reply_to", "no such post"))?;
    }
    let quote_of = match &new.quote_of {
        Some(id) => Some(shareable(app, author_id, id, "quote_of").await?),
        None => None,
    };
    let post = Post {
        visibility: new.visibility,
        content_warning,
        reply_to: new.reply_to,
        quote_of,
        media: attachments(app, author_id, &new.media, Purpose::Post).await?,
        ..compose(app, author_id, text).await?
    };
    let _created_at = post.created_at;
    let idempotency = idempotency_key.map(|key| {
        let request = (
            &post.text,
            post.visibility,
            &post.content_warning,
            &post.reply_to,
            &post.quote_of,
            &new.media,
        );
        let now = post.created_at.unix_timestamp();
        IdempotencyRecord::new(author_id, key, &request, post.id.clone(), now)
    });
    let event = post_event(Event::PostCreated, &post);
    match app
        .store
        .create_post(&post, &event, idempotency.as_ref())
        .await?
    {
        Created::New => Ok((post, true)),
        Created::Replayed(earlier) => {
            idempotency.expect("only with a key").replays(&earlier)?;
            Ok((earlier_post(app, &earlier.result).await?, false))
        }
        Created::Reposted(id) => Ok((earlier_post(app, &id).await?, false)),
    }
}

pub(crate) async fn earlier_post(app: &App, id: &str) -> Result<Post> {
    app.store.post(id).await?.ok_or_else(|| not_found(id))
}

/// The post `id` — or, for a repost, its original — if `me` may share it:
/// public and outside communities. `field` names it in errors.
pub(crate) async fn shareable(app: &App, me: &str, id: &str, field: &str) -> Result<PostRef> {
    let missing = |_| Error::validation(field, "no such post");
    let mut post = visible_post(app, Some(me), id).await.map_err(missing)?;
    if let Some(original) = &post.repost_of {
        post = visible_post(app, Some(me), &original.id)
            .await
            .map_err(missing)?;
    }
    if !post.shareable() {
        return Err(Error::validation(
            field,
            "only public posts outside communities can be shared",
        ));
    }
    Ok(PostRef {
        id: post.id,
        author_id: post.author_id,
    })
}

/// A new public post of `text` with its entities resolved.
pub(crate) async fn compose(app: &App, author_id: &str, text: String) -> Result<Post> {
    let entities = post::entities(&text);
    let mentions = resolve_mentions(app, &entities.mentions).await?;
    Ok(Post {
        id: PostId::generate().into(),
        author_id: author_id.to_owned(),
        text,
        visibility: Visibility::Public,
        content_warning: None,
        reply_to: None,
        hashtags: entities.hashtags,
        mentions,
        links: entities.links,
        created_at: now(),
        edited_at: None,
        replies_count: 0,
        comments_count: 0,
        reactions: Default::default(),
        community_id: None,
        title: None,
        votes: Default::default(),
        locked: false,
        repost_of: None,
        quote_of: None,
        reposts_count: 0,
        media: Vec::new(),
    })
}

/// The longest title of a community post.
pub const TITLE_MAX: usize = 300;

/// Posts to a community I may take part in.
pub async fn create_in_community(
    app: &App,
    me: &str,
    name: &str,
    title: &str,
    text: &str,
) -> Result<Post> {
    let mut errors = Vec::new();
    let title = check_body(title, TITLE_MAX)
        .map_err(|mut e| {
            e.field = "title".into();
            errors.push(e);
        })
        .ok();
    let text = check_body(text, TEXT_MAX).map_err(|e| errors.push(e)).ok();
    let (Some(title), Some(text)) = (title, text) else {
        return Err(Error::Validation(errors));
    };
    let seen = communities::seen(app, Some(me), name).await?;
    ensure_may_take_part(app, me, &seen.community.id).await?;
    let post = Post {
        community_id: Some(seen.community.id),
        title: Some(title),
        ..compose(app, me, text).await?
    };
    app.store
        .create_post(&post, &post_event(Event::PostCreated, &post), None)
        .await?;
    Ok(post)
}

/// Deletes a community post for a moderator, logged with the removal.
pub(crate) async fn delete_as_moderator(
    app: &App,
    post: &Post,
    entry: &ModLogEntry,
    event: &Envelope,
) -> Result<()> {
    let deleted = post_event(Event::PostDeleted, post);
    if !app
        .store
        .delete_post(post, &deleted, Some((entry, event)))
        .await?
    {
        return Err(not_found(&post.id));
    }
    Ok(())
}

/// The mentioned usernames that belong to accounts (two BatchGetItems).
async fn resolve_mentions(app: &App, usernames: &[String]) -> Result<Vec<Mention>> {
    let users = app.store.users_by_username(usernames).await?;
    Ok(users
        .into_iter()
        .map(|u| Mention {
            id: u.id,
            username: u.username,
        })
        .collect())
}

/// What a post's events say about it.
fn changed(post: &Post) -> PostChanged {
    PostChanged {
        post_id: post.id.clone(),
        author_id: post.author_id.clone(),
        visibility: post.visibility,
        community_id: post.community_id.clone(),
        media: post.media.iter().map(|m| m.media_id.clone()).collect(),
        created_at: post.created_at.unix_timestamp(),
        repost_of: post.repost_of.as_ref().map(|original| Reposted {
            post_id: original.id.clone(),
            author_id: original.author_id.clone(),
        }),
    }
}

pub(crate) fn post_event(event: fn(PostChanged) -> Event, post: &Post) -> Envelope {
    event(changed(post)).at(now().unix_timestamp())
}

/// The author's own post, whatever has changed about who may see it since
/// (a private community left, a block): authors keep control of what they
/// wrote. 403 for someone else's post they see, 404 for one they do not.
async fn own_post(app: &App, me: &str, post_id: &str) -> Result<Post> {
    match app.store.post(post_id).await? {
        Some(post) if post.author_id == me => Ok(post),
        Some(_) => {
            visible_post(app, Some(me), post_id).await?;
            Err(Error::denied(
                Denied::NotTheAuthor,
                "only the author can change a post",
            ))
        }
        None => Err(not_found(post_id)),
    }
}

/// Replaces the text; the previous version is kept in the history.
pub async fn edit(
    app: &App,
    me: &str,
    post_id: &str,
    text: &str,
    content_warning: Option<&str>,
) -> Result<Post> {
    let before = own_post(app, me, post_id).await?;
    ensure_not_banned(app, me, before.community_id.as_deref()).await?;
    if before.repost_of.is_some() {
        return Err(Error::validation("text", "a repost has no text to edit"));
    }
    let (text, content_warning) =
        post::check_text(text, content_warning).map_err(Error::Validation)?;
    let entities = post::entities(&text);
    let mentions = resolve_mentions(app, &entities.mentions).await?;
    let edited_at = now();
    let after = Post {
        text,
        content_warning,
        hashtags: entities.hashtags,
        mentions,
        links: entities.links,
        edited_at: Some(edited_at),
        ..before.clone()
    };
    app.store
        .edit_post(
            &before,
            &after,
            &post_event(Event::PostEdited, &after),
            millis(edited_at),
        )
        .await?;
    Ok(after)
}

pub async fn delete(app: &App, me: &str, post_id: &str) -> Result<()> {
    let post = own_post(app, me, post_id).await?;
    if !app
        .store
        .delete_post(&post, &post_event(Event::PostDeleted, &post), None)
        .await?
    {
        return Err(not_found(post_id));
    }
    Ok(())
}

pub async fn history(
    app: &App,
    viewer: Option<&str>,
    post_id: &str,
) -> Result<(Post, Vec<Version>)> {
    let post = visible_post(app, viewer, post_id).await?;
    let versions = app.store.post_history(post_id).await?;
    Ok((post, versions))
}
