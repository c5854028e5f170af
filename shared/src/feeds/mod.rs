//! Feeds

pub mod backfill_event;
pub mod events;
pub mod keys;
pub mod model;
pub mod service;
pub mod store;
