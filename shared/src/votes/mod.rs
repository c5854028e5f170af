//! Votes

pub mod events;
pub mod keys;
pub mod service;
pub mod store;
