//! Communities: creating and joining them, members and roles, bans, and their posts.

pub mod api;
pub mod keys;
pub mod model;
pub mod role_store;
pub mod roles;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(POST "/v1/communities" => "create-community", api::create_community),
    route!(GET "/v1/communities/{name}" => "get-community", api::get_community),
    route!(PUT "/v1/communities/{name}/membership" => "join-community", api::join_community),
    route!(DELETE "/v1/communities/{name}/membership" => "leave-community", api::leave_community),
    route!(GET "/v1/communities/{name}/members" => "list-community-members", api::list_community_members),
    route!(GET "/v1/me/communities" => "list-my-communities", api::list_my_communities),
    route!(GET "/v1/communities/{name}/join-requests" => "list-join-requests", api::list_join_requests),
    route!(POST "/v1/communities/{name}/join-requests/{username}/approve" => "approve-join-request", api::approve_join_request),
    route!(DELETE "/v1/communities/{name}/join-requests/{username}" => "reject-join-request", api::reject_join_request),
    route!(PUT "/v1/communities/{name}/moderators/{username}" => "add-moderator", api::add_moderator),
    route!(DELETE "/v1/communities/{name}/moderators/{username}" => "remove-moderator", api::remove_moderator),
    route!(PUT "/v1/communities/{name}/owner" => "transfer-ownership", api::transfer_ownership),
    route!(PUT "/v1/communities/{name}/bans/{username}" => "ban-member", api::ban_member),
    route!(DELETE "/v1/communities/{name}/bans/{username}" => "unban-member", api::unban_member),
    route!(GET "/v1/communities/{name}/bans" => "list-bans", api::list_bans),
];
