//! `/v1/posts`, a user's posts and a hashtag's posts.

use crate::accounts::user::User;
use crate::accounts::views::AuthorView;
use crate::communities::api::name;
use crate::communities::model::CommunitySort;
use crate::communities::model::Window;
use crate::communities::model::period;
use crate::media::api::AttachmentView;
use crate::media::api::MediaView;
use crate::media::api::{Links, attachment_links};
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::authenticate_optional;
use crate::platform::http::created;
use crate::platform::http::id_param;
use crate::platform::http::json;
use crate::platform::http::json_body;
use crate::platform::http::no_content;
use crate::platform::http::page;
use crate::platform::http::page_request;
use crate::platform::http::path_param;
use crate::platform::idempotency;
use crate::platform::ids::{MediaId, PostId};
use crate::posts::counts::ReactionKind;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::platform::events::Visibility;
use crate::posts::model::Mention;
use crate::posts::model::Post;
use crate::posts::model::PostRef;
use crate::posts::reading::PostPage;
use crate::posts::reading::by_author;
use crate::posts::reading::by_hashtag;
use crate::posts::reading::in_community;
use crate::posts::reading::originals_of;
use crate::posts::reading::visible_media;
use crate::posts::reading::visible_post;
use crate::posts::service as posts;
use crate::posts::service::NewPost;
use crate::posts::service::create_in_community;
use crate::profiles::service as profiles;
use lambda_http::http::{HeaderValue, StatusCode, header};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePostRequest {
    pub text: String,
    #[serde(default)]
    pub visibility: Visibility,
    pub content_warning: Option<String>,
    pub reply_to: Option<String>,
    pub quote_of: Option<String>,
    #[serde(default)]
    pub media: Vec<AttachRequest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachRequest {
    pub id: String,
    pub alt: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditPostRequest {
    pub text: String,
    pub content_warning: Option<String>,
}

/// Links for every variant of these posts' images.
pub async fn links<'a>(app: &App, posts: impl Iterator<Item = &'a Post>) -> Result<Links> {
    attachment_links(app, posts.flat_map(|p| &p.media)).await
}

#[derive(Serialize)]
pub struct PostView {
    pub id: String,
    pub author: AuthorView,
    pub text: String,
    pub visibility: Visibility,
    pub content_warning: Option<String>,
    pub reply_to: Option<String>,
    pub hashtags: Vec<String>,
    pub mentions: Vec<Mention>,
    pub links: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    pub replies_count: u64,
    pub comments_count: u64,
    pub reactions: BTreeMap<ReactionKind, u64>,
    /// Community posts only (null elsewhere): where, the title, the votes.
    pub community_id: Option<String>,
    pub title: Option<String>,
    pub ups: u64,
    pub downs: u64,
    pub score: i64,
    pub locked: bool,
    /// The post reposted (null unless a repost, or if the viewer may not see it).
    pub repost_of: Option<Box<PostView>>,
    /// The post quoted (null unless a quote, or if the viewer may not see it).
    pub quote_of: Option<Box<PostView>>,
    pub reposts_count: u64,
    pub media: Vec<AttachmentView>,
}

impl PostView {
    /// A post as clients see it, with the post it shares when that is among
    /// `originals` (the ones the viewer may see).
    pub fn new(post: Post, author: User, originals: &[(Post, User)], links: &Links) -> Self {
        let shared = |r: &Option<PostRef>| {
            let r = r.as_ref()?;
            let (original, by) = originals.iter().find(|(p, _)| p.id == r.id)?;
            Some(Box::new(Self::new(
                original.clone(),
                by.clone(),
                &[],
                links,
            )))
        };
        Self {
            media: post
                .media
                .iter()
                .map(|a| AttachmentView::new(a, links))
                .collect(),
            repost_of: shared(&post.repost_of),
            quote_of: shared(&post.quote_of),
            reposts_count: post.reposts_count,
            id: post.id,
            author: author.into(),
            text: post.text,
            visibility: post.visibility,
            content_warning: post.content_warning,
            reply_to: post.reply_to,
            hashtags: post.hashtags,
            mentions: post.mentions,
            links: post.links,
            created_at: post.created_at,
            edited_at: post.edited_at,
            replies_count: post.replies_count,
            comments_count: post.comments_count,
            reactions: post.reactions.by_kind(),
            community_id: post.community_id,
            title: post.title,
            ups: post.votes.ups,
            downs: post.votes.downs,
            score: post.votes.score,
            locked: post.locked,
        }
    }
}

/// One post as `viewer` sees it, with the post it shares.
pub(crate) async fn view(app: &App, viewer: Option<&str>, post: Post) -> Result<PostView> {
    let author = app
        .store
        .user(&post.author_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no post {}", post.id)))?;
    let shown = [(post, author)];
    let originals = originals_of(app, viewer, &shown).await?;
    let links = links(app, shown.iter().chain(&originals).map(|(p, _)| p)).await?;
    let [(post, author)] = shown;
    Ok(PostView::new(post, author, &originals, &links))
}

pub async fn create_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let key = idempotency::key_of(&req)?;
    let body: CreatePostRequest = json_body(&req)?;
    for (field, id) in [("reply_to", &body.reply_to), ("quote_of", &body.quote_of)] {
        if let Some(id) = id {
            ulid::Ulid::from_string(id)
                .map_err(|_| Error::validation(field, "must be a post id (ULID)"))?;
        }
    }
    let new = NewPost {
        text: body.text,
        visibility: body.visibility,
        content_warning: body.content_warning,
        reply_to: body.reply_to,
        quote_of: body.quote_of,
        media: body.media.into_iter().map(|m| (m.id, m.alt)).collect(),
    };
    let (post, new) = posts::create(app, &me, new, key.as_deref()).await?;
    saved(view(app, Some(&me), post).await?, new)
}

/// 201 for a new post; 200 with `Idempotent-Replayed: true` for the one an
/// earlier request made. `Location` either way.
pub(crate) fn saved(view: PostView, new: bool) -> Result<Response<Body>> {
    let location = format!("/v1/posts/{}", view.id);
    if new {
        return created(&location, &view);
    }
    let mut response = json(StatusCode::OK, &view)?;
    let headers = response.headers_mut();
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(&location).map_err(|e| Error::internal("location", e))?,
    );
    idempotency::mark_replayed(&mut response);
    Ok(response)
}

pub async fn get_post(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let post = visible_post(
        app,
        viewer.as_deref(),
        &id_param::<PostId>(&req, "post_id")?,
    )
    .await?;
    json(StatusCode::OK, &view(app, viewer.as_deref(), post).await?)
}

/// `GET /v1/media/{media_id}`: the record with fresh links, for whoever may see it.
pub async fn get_media(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let id = id_param::<MediaId>(&req, "media_id")?;
    let (media, links) = visible_media(app, viewer.as_deref(), &id).await?;
    json(StatusCode::OK, &MediaView::new(media, links))
}

pub async fn edit_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let post_id = id_param::<PostId>(&req, "post_id")?;
    let body: EditPostRequest = json_body(&req)?;
    let post = posts::edit(
        app,
        &me,
        &post_id,
        &body.text,
        body.content_warning.as_deref(),
    )
    .await?;
    json(StatusCode::OK, &view(app, Some(&me), post).await?)
}

pub async fn delete_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    posts::delete(app, &me, &id_param::<PostId>(&req, "post_id")?).await?;
    no_content()
}

pub async fn get_post_history(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let (_, versions) = posts::history(
        app,
        viewer.as_deref(),
        &id_param::<PostId>(&req, "post_id")?,
    )
    .await?;
    json(StatusCode::OK, &serde_json::json!({ "versions": versions }))
}

pub async fn list_user_posts(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let author = profiles::profile(app, &path_param(&req, "username")?).await?;
    let scope = Scope::AuthorPosts(author.id.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let result = by_author(app, viewer.as_deref(), author, limit, after).await?;
    post_page(app, &scope, result).await
}

pub async fn list_hashtag_posts(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let tag = path_param(&req, "tag")?;
    if !(1..=50).contains(&tag.len())
        || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(Error::BadRequest(
            "a hashtag is 1 to 50 letters, digits or underscores".into(),
        ));
    }
    let scope = Scope::Hashtag(tag.to_ascii_lowercase());
    let (limit, after) = page_request(app, &req, &scope)?;
    let result = by_hashtag(app, viewer.as_deref(), &tag, limit, after).await?;
    post_page(app, &scope, result).await
}

pub(crate) async fn post_page(
    app: &App,
    scope: &Scope,
    result: PostPage,
) -> Result<Response<Body>> {
    let posts = result.posts.iter().chain(&result.originals).map(|(p, _)| p);
    let links = links(app, posts).await?;
    let items = result
        .posts
        .into_iter()
        .map(|(post, author)| PostView::new(post, author, &result.originals, &links))
        .collect();
    page::<PostView>(app, scope, items, result.next)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunityPostRequest {
    title: String,
    text: String,
}

pub async fn create_community_post(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: CommunityPostRequest = json_body(&req)?;
    let post = create_in_community(app, &me, &name(&req)?, &body.title, &body.text).await?;
    let location = format!("/v1/posts/{}", post.id);
    created(
        &location,
        &crate::posts::api::view(app, Some(&me), post).await?,
    )
}

/// `?sort=hot|new|top|controversial` (default hot); for top,
/// `&t=day|week|month|all` (default day: today's posts, UTC).
fn sort(req: &Request) -> Result<CommunitySort> {
    let query = req.query_string_parameters_ref();
    let param = |name| query.and_then(|q| q.first(name));
    let window = match param("t") {
        None | Some("day") => Window::Day,
        Some("week") => Window::Week,
        Some("month") => Window::Month,
        Some("all") => Window::All,
        Some(_) => {
            return Err(Error::BadRequest(
                "t must be day, week, month or all".into(),
            ));
        }
    };
    Ok(match param("sort") {
        None | Some("hot") => CommunitySort::Hot,
        Some("new") => CommunitySort::New,
        Some("controversial") => CommunitySort::Controversial,
        Some("top") => CommunitySort::Top(
            period(window, OffsetDateTime::now_utc()).map(|period| (window, period)),
        ),
        Some(_) => {
            return Err(Error::BadRequest(
                "sort must be hot, new, top or controversial".into(),
            ));
        }
    })
}

pub async fn list_community_posts(app: &App, req: Request) -> Result<Response<Body>> {
    let viewer = authenticate_optional(app, &req)?.map(|c| c.sub);
    let name = name(&req)?;
    let sort = sort(&req)?;
    let scope = Scope::CommunityPosts {
        community: name.clone(),
        sort: format!("{sort:?}"),
    };
    let (limit, after) = page_request(app, &req, &scope)?;
    let result = in_community(app, viewer.as_deref(), &name, sort, limit, after).await?;
    post_page(app, &scope, result).await
}
