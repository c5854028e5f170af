//! Feeds

pub mod api;
pub mod events;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    GET_FEED: GET "/v1/feed" => "get-feed", api::get_feed, [SignsMediaLinks, RecordsExposures];
}
