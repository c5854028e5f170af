//! Moderation: removals, locks and pins of community content, the public mod
//! log, and reports to a community's moderators or the site admins.

pub mod api;
pub mod keys;
pub mod model;
pub mod report_store;
pub mod reports;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(GET "/v1/communities/{name}/modlog" => "get-mod-log", api::get_mod_log),
    route!(PUT "/v1/communities/{name}/pins/{post_id}" => "pin-post", api::pin_post),
    route!(DELETE "/v1/communities/{name}/pins/{post_id}" => "unpin-post", api::unpin_post),
    route!(PUT "/v1/posts/{post_id}/lock" => "lock-post", api::lock_post),
    route!(DELETE "/v1/posts/{post_id}/lock" => "unlock-post", api::unlock_post),
    route!(POST "/v1/posts/{post_id}/removal" => "remove-post", api::remove_post),
    route!(POST "/v1/comments/{comment_id}/removal" => "remove-comment", api::remove_comment),
    route!(POST "/v1/reports" => "file-report", api::file_report),
    route!(GET "/v1/reports" => "list-site-reports", api::list_site_reports),
    route!(GET "/v1/communities/{name}/reports" => "list-community-reports", api::list_community_reports),
    route!(POST "/v1/reports/{report_id}/resolution" => "resolve-report", api::resolve_report),
];
