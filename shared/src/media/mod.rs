//! Media: direct uploads to S3 and the processing pipeline (validation, variants, moderation).

pub mod api;
pub mod events;
pub mod images;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    CREATE_UPLOAD: POST "/v1/media" => "create-upload", api::create_upload, [SignsUploads];
}
