//! Feature flags and A/B experiments: on/off flags with targeting (accounts,
//! account age, percentage rollout) and experiments with weighted variants,
//! assigned deterministically per account; admins change them (audited) and
//! each account's first exposure to an experiment is an event, which with the
//! exposed accounts' posts and reactions feeds per-variant metrics.

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    GET_MY_FLAGS: GET "/v1/me/flags" => "get-my-flags", api::get_my_flags, [RecordsExposures];
    LIST_FLAGS: GET "/v1/admin/flags" => "list-flags", api::list_flags;
    PUT_FLAG: PUT "/v1/admin/flags/{key}" => "put-flag", api::put_flag;
    GET_FLAG_AUDIT: GET "/v1/admin/flags/{key}/audit" => "get-flag-audit", api::get_flag_audit;
    GET_FLAG_METRICS: GET "/v1/admin/flags/{key}/metrics" => "get-flag-metrics", api::get_flag_metrics;
}
