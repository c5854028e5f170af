//! Profiles: my account and the public view of others'.

pub mod api;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(GET "/v1/me" => "get-me", api::get_me, [SignsMediaLinks]),
    route!(PATCH "/v1/me" => "update-me", api::update_me, [SignsMediaLinks]),
    route!(DELETE "/v1/me" => "delete-me", api::delete_me),
    route!(GET "/v1/users/{username}" => "get-user", api::get_user, [SignsMediaLinks]),
];
