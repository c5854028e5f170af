//! Posts: writing, editing (with history), deleting, and reading them by id, author and hashtag.

pub mod api;
pub mod counts;
pub mod keys;
pub mod model;
pub mod reading;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(POST "/v1/posts" => "create-post", api::create_post, [SignsMediaLinks]),
    route!(GET "/v1/posts/{post_id}" => "get-post", api::get_post, [SignsMediaLinks]),
    route!(PATCH "/v1/posts/{post_id}" => "edit-post", api::edit_post, [SignsMediaLinks]),
    route!(DELETE "/v1/posts/{post_id}" => "delete-post", api::delete_post),
    route!(GET "/v1/posts/{post_id}/history" => "get-post-history", api::get_post_history),
    route!(GET "/v1/users/{username}/posts" => "list-user-posts", api::list_user_posts, [SignsMediaLinks]),
    route!(GET "/v1/hashtags/{tag}/posts" => "list-hashtag-posts", api::list_hashtag_posts, [SignsMediaLinks]),
    // A post's images follow the post's audience, so posts serve media records.
    route!(GET "/v1/media/{media_id}" => "get-media", api::get_media, [SignsMediaLinks]),
    route!(POST "/v1/communities/{name}/posts" => "create-community-post", api::create_community_post, [SignsMediaLinks]),
    route!(GET "/v1/communities/{name}/posts" => "list-community-posts", api::list_community_posts, [SignsMediaLinks]),
];
