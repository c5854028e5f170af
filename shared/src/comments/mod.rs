//! Comments: nested threads on posts, with edits and tombstones.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(POST "/v1/posts/{post_id}/comments" => "create-comment", api::create_comment),
    route!(GET "/v1/posts/{post_id}/comments" => "list-comments", api::list_comments),
    route!(GET "/v1/comments/{comment_id}" => "get-comment", api::get_comment),
    route!(PATCH "/v1/comments/{comment_id}" => "edit-comment", api::edit_comment),
    route!(DELETE "/v1/comments/{comment_id}" => "delete-comment", api::delete_comment),
    route!(GET "/v1/comments/{comment_id}/history" => "get-comment-history", api::get_comment_history),
];
