//! What every feature uses and no feature owns: errors and problem+json,
//! request parsing, the table client, outbox, cursors, clock, configuration,
//! business metrics, the runtime context, and what a binary's `main` calls.

pub mod clock;
pub mod config;
pub mod context;
pub mod crypto;
pub mod cursor;
pub mod error;
pub mod events;
pub mod http;
pub mod idempotency;
pub mod ids;
pub mod metrics;
pub mod publish;
pub mod routes;
pub mod runtime;
pub mod store;
pub mod throttle;
