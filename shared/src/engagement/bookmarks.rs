//! Bookmarks: a private list of posts to come back to. A bookmarked post
//! that the owner may no longer see (deleted, blocked, unfollowed) is left
//! out of the list.

use crate::engagement::bookmark_store::Bookmark;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::posts::reading::PostPage;
use crate::posts::reading::page_with_originals;
use crate::posts::reading::visible_post;
use crate::posts::reading::visible_posts;

/// Bookmarks a post I may see; idempotent.
pub async fn add(app: &App, me: &str, post_id: &str) -> Result<()> {
    visible_post(app, Some(me), post_id).await?;
    let bookmark = Bookmark {
        user_id: me.to_owned(),
        post_id: post_id.to_owned(),
        created_at: now_ms(),
    };
    app.store.add_bookmark(&bookmark).await
}

/// Idempotent; works for posts I can no longer see, too.
pub async fn remove(app: &App, me: &str, post_id: &str) -> Result<()> {
    app.store.remove_bookmark(me, post_id).await
}

/// My bookmarks, newest first.
pub async fn list(app: &App, me: &str, limit: i32, after: Option<Position>) -> Result<PostPage> {
    let (bookmarks, next) = app.store.bookmarks_page(me, limit, after).await?;
    let posts = app
        .store
        .posts(bookmarks.iter().map(|b| b.post_id.as_str()))
        .await?;
    let posts = visible_posts(app, Some(me), posts).await?;
    page_with_originals(app, Some(me), posts, next).await
}
