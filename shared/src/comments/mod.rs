//! Comments: nested threads on posts, with edits and tombstones.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    CREATE_COMMENT: POST "/v1/posts/{post_id}/comments" => "create-comment", api::create_comment;
    LIST_COMMENTS: GET "/v1/posts/{post_id}/comments" => "list-comments", api::list_comments;
    GET_COMMENT: GET "/v1/comments/{comment_id}" => "get-comment", api::get_comment;
    EDIT_COMMENT: PATCH "/v1/comments/{comment_id}" => "edit-comment", api::edit_comment;
    DELETE_COMMENT: DELETE "/v1/comments/{comment_id}" => "delete-comment", api::delete_comment;
    GET_COMMENT_HISTORY: GET "/v1/comments/{comment_id}/history" => "get-comment-history", api::get_comment_history;
}
