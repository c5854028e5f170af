//! Per-post analytics for authors: views reported by clients in batches
//! (deduplicated per viewer per post per day, sampled by viewer), and the
//! reactions, comments and reposts each post drew, by UTC day for 30 days;
//! the same summed over an author's posts.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    REPORT_VIEWS: POST "/v1/analytics/views" => "report-views", api::report_views;
    GET_POST_ANALYTICS: GET "/v1/posts/{post_id}/analytics" => "get-post-analytics", api::get_post_analytics;
    GET_MY_ANALYTICS: GET "/v1/me/analytics" => "get-my-analytics", api::get_my_analytics;
}
