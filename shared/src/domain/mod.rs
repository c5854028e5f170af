//! Pure types and rules: no I/O, no AWS, no HTTP.

pub mod account;
pub mod comment;
pub mod community;
pub mod cursor;
pub mod event;
pub mod feed;
pub mod graph;
pub mod media;
pub mod post;
pub mod profile;
pub mod reaction;
pub mod throttle;
pub mod user;
