//! The follow graph: follows and follow requests, blocks and mutes, and their lists.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    FOLLOW_USER: POST "/v1/users/{username}/follow" => "follow-user", api::follow_user;
    UNFOLLOW_USER: DELETE "/v1/users/{username}/follow" => "unfollow-user", api::unfollow_user;
    LIST_FOLLOWERS: GET "/v1/users/{username}/followers" => "list-followers", api::list_followers;
    LIST_FOLLOWING: GET "/v1/users/{username}/following" => "list-following", api::list_following;
    LIST_FOLLOW_REQUESTS: GET "/v1/me/follow-requests" => "list-follow-requests", api::list_follow_requests;
    ACCEPT_FOLLOW_REQUEST: POST "/v1/me/follow-requests/{username}/accept" => "accept-follow-request", api::accept_follow_request;
    REJECT_FOLLOW_REQUEST: DELETE "/v1/me/follow-requests/{username}" => "reject-follow-request", api::reject_follow_request;
    BLOCK_USER: POST "/v1/users/{username}/block" => "block-user", api::block_user;
    UNBLOCK_USER: DELETE "/v1/users/{username}/block" => "unblock-user", api::unblock_user;
    LIST_BLOCKS: GET "/v1/me/blocks" => "list-blocks", api::list_blocks;
    MUTE_USER: POST "/v1/users/{username}/mute" => "mute-user", api::mute_user;
    UNMUTE_USER: DELETE "/v1/users/{username}/mute" => "unmute-user", api::unmute_user;
    LIST_MUTES: GET "/v1/me/mutes" => "list-mutes", api::list_mutes;
}
