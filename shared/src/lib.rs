//! Kith: a serverless social platform backend. All logic lives here, layered
//! domain -> store/adapters -> services -> api; the function binaries, the
//! local host and the tests all call into this crate.

pub mod adapters;
pub mod api;
pub mod config;
pub mod context;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod handlers;
pub mod runtime;
pub mod services;
pub mod store;
