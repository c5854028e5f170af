//! Communities: creating and joining them, members and roles, bans, and their posts.

pub mod api;
pub mod keys;
pub mod model;
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
    route!(GET "/v1/communities/{name}/modlog" => "get-mod-log", api::get_mod_log),
    route!(POST "/v1/communities/{name}/posts" => "create-community-post", api::create_community_post),
    route!(GET "/v1/communities/{name}/posts" => "list-community-posts", api::list_community_posts),
    route!(PUT "/v1/communities/{name}/pins/{post_id}" => "pin-post", api::pin_post),
    route!(DELETE "/v1/communities/{name}/pins/{post_id}" => "unpin-post", api::unpin_post),
    route!(PUT "/v1/posts/{post_id}/lock" => "lock-post", api::lock_post),
    route!(DELETE "/v1/posts/{post_id}/lock" => "unlock-post", api::unlock_post),
    route!(POST "/v1/posts/{post_id}/removal" => "remove-post", api::remove_post),
    route!(POST "/v1/comments/{comment_id}/removal" => "remove-comment", api::remove_comment),
    route!(PUT "/v1/posts/{post_id}/vote" => "vote-on-post", api::vote_on_post),
    route!(PUT "/v1/comments/{comment_id}/vote" => "vote-on-comment", api::vote_on_comment),
    route!(POST "/v1/reports" => "file-report", api::file_report),
    route!(GET "/v1/reports" => "list-site-reports", api::list_site_reports),
    route!(GET "/v1/communities/{name}/reports" => "list-community-reports", api::list_community_reports),
    route!(POST "/v1/reports/{report_id}/resolution" => "resolve-report", api::resolve_report),
];
