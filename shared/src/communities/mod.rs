//! Communities: creating and joining them, members and roles, bans, and their posts.

pub mod api;
pub mod keys;
pub mod model;
pub mod role_store;
pub mod roles;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    CREATE_COMMUNITY: POST "/v1/communities" => "create-community", api::create_community;
    GET_COMMUNITY: GET "/v1/communities/{name}" => "get-community", api::get_community;
    JOIN_COMMUNITY: PUT "/v1/communities/{name}/membership" => "join-community", api::join_community;
    LEAVE_COMMUNITY: DELETE "/v1/communities/{name}/membership" => "leave-community", api::leave_community;
    LIST_COMMUNITY_MEMBERS: GET "/v1/communities/{name}/members" => "list-community-members", api::list_community_members;
    LIST_MY_COMMUNITIES: GET "/v1/me/communities" => "list-my-communities", api::list_my_communities;
    LIST_JOIN_REQUESTS: GET "/v1/communities/{name}/join-requests" => "list-join-requests", api::list_join_requests;
    APPROVE_JOIN_REQUEST: POST "/v1/communities/{name}/join-requests/{username}/approve" => "approve-join-request", api::approve_join_request;
    REJECT_JOIN_REQUEST: DELETE "/v1/communities/{name}/join-requests/{username}" => "reject-join-request", api::reject_join_request;
    ADD_MODERATOR: PUT "/v1/communities/{name}/moderators/{username}" => "add-moderator", api::add_moderator;
    REMOVE_MODERATOR: DELETE "/v1/communities/{name}/moderators/{username}" => "remove-moderator", api::remove_moderator;
    TRANSFER_OWNERSHIP: PUT "/v1/communities/{name}/owner" => "transfer-ownership", api::transfer_ownership;
    BAN_MEMBER: PUT "/v1/communities/{name}/bans/{username}" => "ban-member", api::ban_member;
    UNBAN_MEMBER: DELETE "/v1/communities/{name}/bans/{username}" => "unban-member", api::unban_member;
    LIST_BANS: GET "/v1/communities/{name}/bans" => "list-bans", api::list_bans;
}
