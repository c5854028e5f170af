//! Moderation

pub mod keys;
pub mod report_store;
pub mod reports;
