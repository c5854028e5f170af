//! Posts: writing, editing (with history), deleting, and reading them by id, author and hashtag.

pub mod api;
pub mod counts;
pub mod keys;
pub mod model;
pub mod reading;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    CREATE_POST: POST "/v1/posts" => "create-post", api::create_post, [SignsMediaLinks];
    GET_POST: GET "/v1/posts/{post_id}" => "get-post", api::get_post, [SignsMediaLinks];
    EDIT_POST: PATCH "/v1/posts/{post_id}" => "edit-post", api::edit_post, [SignsMediaLinks];
    DELETE_POST: DELETE "/v1/posts/{post_id}" => "delete-post", api::delete_post;
    GET_POST_HISTORY: GET "/v1/posts/{post_id}/history" => "get-post-history", api::get_post_history;
    LIST_USER_POSTS: GET "/v1/users/{username}/posts" => "list-user-posts", api::list_user_posts, [SignsMediaLinks];
    LIST_HASHTAG_POSTS: GET "/v1/hashtags/{tag}/posts" => "list-hashtag-posts", api::list_hashtag_posts, [SignsMediaLinks];
    // A post's images follow the post's audience, so posts serve media records.
    GET_MEDIA: GET "/v1/media/{media_id}" => "get-media", api::get_media, [SignsMediaLinks];
    CREATE_COMMUNITY_POST: POST "/v1/communities/{name}/posts" => "create-community-post", api::create_community_post, [SignsMediaLinks];
    LIST_COMMUNITY_POSTS: GET "/v1/communities/{name}/posts" => "list-community-posts", api::list_community_posts, [SignsMediaLinks];
}
