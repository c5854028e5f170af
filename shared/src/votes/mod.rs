//! Votes: up and down votes on community posts and their comments, and the
//! ranks they move.

pub mod api;
pub mod events;
pub mod keys;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    VOTE_ON_POST: PUT "/v1/posts/{post_id}/vote" => "vote-on-post", api::vote_on_post;
    VOTE_ON_COMMENT: PUT "/v1/comments/{comment_id}/vote" => "vote-on-comment", api::vote_on_comment;
}
