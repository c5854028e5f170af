//! Engagement: reactions on posts and comments, and bookmarks.

pub mod api;
pub mod bookmark_store;
pub mod bookmarks;
pub mod keys;
pub mod model;
pub mod reposts;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(PUT "/v1/posts/{post_id}/reaction" => "react-to-post", api::react_to_post),
    route!(DELETE "/v1/posts/{post_id}/reaction" => "remove-post-reaction", api::remove_post_reaction),
    route!(GET "/v1/posts/{post_id}/reactions" => "list-post-reactions", api::list_post_reactions),
    route!(PUT "/v1/comments/{comment_id}/reaction" => "react-to-comment", api::react_to_comment),
    route!(DELETE "/v1/comments/{comment_id}/reaction" => "remove-comment-reaction", api::remove_comment_reaction),
    route!(GET "/v1/comments/{comment_id}/reactions" => "list-comment-reactions", api::list_comment_reactions),
    route!(PUT "/v1/posts/{post_id}/bookmark" => "bookmark-post", api::bookmark_post),
    route!(DELETE "/v1/posts/{post_id}/bookmark" => "unbookmark-post", api::unbookmark_post),
    route!(GET "/v1/me/bookmarks" => "list-bookmarks", api::list_bookmarks, [SignsMediaLinks]),
    route!(POST "/v1/posts/{post_id}/repost" => "repost-post", reposts::repost_post, [SignsMediaLinks]),
    route!(DELETE "/v1/posts/{post_id}/repost" => "unrepost-post", reposts::unrepost_post),
];
