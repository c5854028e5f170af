//! Reading posts: one post, pages of posts with the posts they share, by
//! author, hashtag and community. Every read path asks the access policy.

use crate::access::model::ViewerRelation;
use crate::access::service::{readable, readable_among, relation};
use crate::accounts::user::User;
use crate::communities::model::CommunitySort;
use crate::communities::service as communities;
use crate::media::model::{Audience, Media, Variant};
use crate::media::service as media;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::ids::distinct;
use crate::posts::model::Post;
use crate::posts::model::visible_to;
use crate::posts::service::not_found;

/// A page of posts with their authors, and the posts they share (reposts,
/// quotes) that the viewer may see.
pub struct PostPage {
    pub posts: Vec<(Post, User)>,
    pub next: Option<Position>,
    pub originals: Vec<(Post, User)>,
}

impl PostPage {
    /// Leaves out reposts whose original the viewer may not see (a quote
    /// stays, without its original).
    pub fn new(
        posts: Vec<(Post, User)>,
        next: Option<Position>,
        originals: Vec<(Post, User)>,
    ) -> Self {
        let posts = posts
            .into_iter()
            .filter(|(p, _)| {
                p.repost_of
                    .as_ref()
                    .is_none_or(|r| originals.iter().any(|(o, _)| o.id == r.id))
            })
            .collect();
        Self {
            posts,
            next,
            originals,
        }
    }
}

/// A page of `posts` (already filtered for the viewer) with the posts they
/// share that the viewer may see.
pub(crate) async fn page_with_originals(
    app: &App,
    viewer: Option<&str>,
    posts: Vec<(Post, User)>,
    next: Option<Position>,
) -> Result<PostPage> {
    let originals = originals_of(app, viewer, &posts).await?;
    Ok(PostPage::new(posts, next, originals))
}

/// The posts that `posts` share (repost or quote) which `viewer` may see,
/// with their authors.
pub async fn originals_of(
    app: &App,
    viewer: Option<&str>,
    posts: &[(Post, User)],
) -> Result<Vec<(Post, User)>> {
    let ids = distinct(
        posts
            .iter()
            .filter_map(|(p, _)| p.shared().map(|r| r.id.as_str())),
    );
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = app.store.posts(ids.into_iter()).await?;
    visible_posts(app, viewer, found).await
}

/// The post if `viewer` may see it (and, in a community, read the
/// community); otherwise the same 404 as a missing post, so invisible posts
/// cannot be probed.
pub async fn visible_post(app: &App, viewer: Option<&str>, post_id: &str) -> Result<Post> {
    let post = app
        .store
        .post(post_id)
        .await?
        .ok_or_else(|| not_found(post_id))?;
    let standing = relation(app, viewer, &post.author_id).await?;
    let in_reach = match &post.community_id {
        Some(community) => readable(app, viewer, community).await?,
        None => true,
    };
    if in_reach && visible_to(&post, viewer, standing) {
        Ok(post)
    } else {
        Err(not_found(post_id))
    }
}

/// Whether `viewer` may see the post `post_id` (a 404 from the policy is a
/// no; anything else is an error).
pub async fn sees_post(app: &App, viewer: Option<&str>, post_id: &str) -> Result<bool> {
    match visible_post(app, viewer, post_id).await {
        Ok(_) => Ok(true),
        Err(Error::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A media item if `viewer` may see it: a post's image only by whoever may
/// see the post.
pub async fn visible_media(
    app: &App,
    viewer: Option<&str>,
    media_id: &str,
) -> Result<(Media, Vec<(Variant, String)>)> {
    media::get(
        app,
        viewer,
        media_id,
        async |audience: &Audience| match audience {
            Audience::Everyone => Ok(true),
            Audience::ReadersOf(post_id) => sees_post(app, viewer, post_id).await,
            Audience::Owner => Ok(false),
        },
    )
    .await
}

/// A page of a community's posts on one of its sorts.
pub async fn in_community(
    app: &App,
    viewer: Option<&str>,
    name: &str,
    sort: CommunitySort,
    limit: i32,
    after: Option<Position>,
) -> Result<PostPage> {
    let seen = communities::seen(app, viewer, name).await?;
    let (posts, next) = app
        .store
        .community_posts(&seen.community.id, &sort, limit, after)
        .await?;
    let posts = visible_posts(app, viewer, posts).await?;
    page_with_originals(app, viewer, posts, next).await
}

/// A page of an author's posts that the viewer may see.
pub async fn by_author(
    app: &App,
    viewer: Option<&str>,
    author: User,
    limit: i32,
    after: Option<Position>,
) -> Result<PostPage> {
    let standing = relation(app, viewer, &author.id).await?;
    if standing.blocked {
        return Err(Error::NotFound(format!(
            "no user named @{}",
            author.username
        )));
    }
    let (posts, next) = app.store.author_posts(&author.id, limit, after).await?;
    let posts = posts
        .into_iter()
        .filter(|p| visible_to(p, viewer, standing))
        .map(|p| (p, author.clone()))
        .collect();
    page_with_originals(app, viewer, posts, next).await
}

/// A page of a hashtag's posts (public ones only), without accounts that
/// block the viewer or that the viewer blocks.
pub async fn by_hashtag(
    app: &App,
    viewer: Option<&str>,
    tag: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<PostPage> {
    let tag = tag.to_ascii_lowercase();
    let (posts, next) = app.store.tag_posts(&tag, limit, after).await?;
    let posts = visible_posts(app, viewer, posts).await?;
    page_with_originals(app, viewer, posts, next).await
}

/// The posts `viewer` may see, in their order, with their authors (two
/// BatchGetItems: the viewer's standing with the authors, the authors; a
/// third for the communities of community posts).
pub(crate) async fn visible_posts(
    app: &App,
    viewer: Option<&str>,
    posts: Vec<Post>,
) -> Result<Vec<(Post, User)>> {
    let author_ids = distinct(posts.iter().map(|p| p.author_id.as_str()));
    let relations = match viewer {
        Some(viewer) => app.store.standings(viewer, &author_ids).await?,
        None => Vec::new(),
    };
    let authors = app.store.users(&author_ids).await?;
    let community_ids = distinct(posts.iter().filter_map(|p| p.community_id.as_deref()));
    let readable = if community_ids.is_empty() {
        Vec::new()
    } else {
        readable_among(app, viewer, &community_ids).await?
    };
    Ok(posts
        .into_iter()
        .filter(|p| {
            let standing = viewer.map_or_else(ViewerRelation::default, |viewer| {
                ViewerRelation::among(&relations, viewer, &p.author_id)
            });
            let in_reach = p.community_id.as_ref().is_none_or(|c| readable.contains(c));
            in_reach && visible_to(p, viewer, standing)
        })
        .filter_map(|p| {
            let author = authors.iter().find(|a| a.id == p.author_id)?.clone();
            Some((p, author))
        })
        .collect())
}
