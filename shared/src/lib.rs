//! Kith: a serverless social platform backend. All logic lives here as
//! feature slices on a small platform (see docs/architecture.md); the function
//! binaries, the local host and the tests all call into this crate.

pub mod adapters;
pub mod functions;
pub mod platform;

pub mod access;
pub mod accounts;
pub mod analytics;
pub mod comments;
pub mod communities;
pub mod engagement;
pub mod erasure;
pub mod feeds;
pub mod flags;
pub mod graph;
pub mod media;
pub mod messaging;
pub mod moderation;
pub mod notifications;
pub mod operations;
pub mod posts;
pub mod profiles;
pub mod realtime;
pub mod votes;
