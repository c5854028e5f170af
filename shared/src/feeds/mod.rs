//! Feeds

pub mod api;
pub mod events;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] =
    &[route!(GET "/v1/feed" => "get-feed", api::get_feed, [SignsMediaLinks])];
