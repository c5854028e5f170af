//! Moderation: removals, locks and pins of community content, the public mod
//! log, and reports to a community's moderators or the site admins.

pub mod api;
pub mod keys;
pub mod model;
pub mod report_store;
pub mod reports;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    GET_MOD_LOG: GET "/v1/communities/{name}/modlog" => "get-mod-log", api::get_mod_log;
    PIN_POST: PUT "/v1/communities/{name}/pins/{post_id}" => "pin-post", api::pin_post;
    UNPIN_POST: DELETE "/v1/communities/{name}/pins/{post_id}" => "unpin-post", api::unpin_post;
    LOCK_POST: PUT "/v1/posts/{post_id}/lock" => "lock-post", api::lock_post;
    UNLOCK_POST: DELETE "/v1/posts/{post_id}/lock" => "unlock-post", api::unlock_post;
    REMOVE_POST: POST "/v1/posts/{post_id}/removal" => "remove-post", api::remove_post;
    REMOVE_COMMENT: POST "/v1/comments/{comment_id}/removal" => "remove-comment", api::remove_comment;
    FILE_REPORT: POST "/v1/reports" => "file-report", api::file_report;
    LIST_SITE_REPORTS: GET "/v1/reports" => "list-site-reports", api::list_site_reports;
    LIST_COMMUNITY_REPORTS: GET "/v1/communities/{name}/reports" => "list-community-reports", api::list_community_reports;
    RESOLVE_REPORT: POST "/v1/reports/{report_id}/resolution" => "resolve-report", api::resolve_report;
}
