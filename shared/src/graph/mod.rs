//! The follow graph: follows and follow requests, blocks and mutes, and their lists.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(POST "/v1/users/{username}/follow" => "follow-user", api::follow_user),
    route!(DELETE "/v1/users/{username}/follow" => "unfollow-user", api::unfollow_user),
    route!(GET "/v1/users/{username}/followers" => "list-followers", api::list_followers),
    route!(GET "/v1/users/{username}/following" => "list-following", api::list_following),
    route!(GET "/v1/me/follow-requests" => "list-follow-requests", api::list_follow_requests),
    route!(POST "/v1/me/follow-requests/{username}/accept" => "accept-follow-request", api::accept_follow_request),
    route!(DELETE "/v1/me/follow-requests/{username}" => "reject-follow-request", api::reject_follow_request),
    route!(POST "/v1/users/{username}/block" => "block-user", api::block_user),
    route!(DELETE "/v1/users/{username}/block" => "unblock-user", api::unblock_user),
    route!(GET "/v1/me/blocks" => "list-blocks", api::list_blocks),
    route!(POST "/v1/users/{username}/mute" => "mute-user", api::mute_user),
    route!(DELETE "/v1/users/{username}/mute" => "unmute-user", api::unmute_user),
    route!(GET "/v1/me/mutes" => "list-mutes", api::list_mutes),
];
