//! Engagement: reactions on posts and comments, and bookmarks.

pub mod api;
pub mod bookmark_store;
pub mod bookmarks;
pub mod keys;
pub mod model;
pub mod reposts;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    REACT_TO_POST: PUT "/v1/posts/{post_id}/reaction" => "react-to-post", api::react_to_post;
    REMOVE_POST_REACTION: DELETE "/v1/posts/{post_id}/reaction" => "remove-post-reaction", api::remove_post_reaction;
    LIST_POST_REACTIONS: GET "/v1/posts/{post_id}/reactions" => "list-post-reactions", api::list_post_reactions;
    REACT_TO_COMMENT: PUT "/v1/comments/{comment_id}/reaction" => "react-to-comment", api::react_to_comment;
    REMOVE_COMMENT_REACTION: DELETE "/v1/comments/{comment_id}/reaction" => "remove-comment-reaction", api::remove_comment_reaction;
    LIST_COMMENT_REACTIONS: GET "/v1/comments/{comment_id}/reactions" => "list-comment-reactions", api::list_comment_reactions;
    BOOKMARK_POST: PUT "/v1/posts/{post_id}/bookmark" => "bookmark-post", api::bookmark_post;
    UNBOOKMARK_POST: DELETE "/v1/posts/{post_id}/bookmark" => "unbookmark-post", api::unbookmark_post;
    LIST_BOOKMARKS: GET "/v1/me/bookmarks" => "list-bookmarks", api::list_bookmarks, [SignsMediaLinks];
    REPOST_POST: POST "/v1/posts/{post_id}/repost" => "repost-post", reposts::repost_post, [SignsMediaLinks];
    UNREPOST_POST: DELETE "/v1/posts/{post_id}/repost" => "unrepost-post", reposts::unrepost_post;
}
