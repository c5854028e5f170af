//! Media: direct uploads to S3 and the processing pipeline (validation, variants, moderation).

pub mod api;
pub mod events;
pub mod images;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] =
    &[route!(POST "/v1/media" => "create-upload", api::create_upload, [SignsUploads])];
