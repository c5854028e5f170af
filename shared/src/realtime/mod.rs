//! Real time over an API Gateway WebSocket API: connections, the client's
//! actions (typing, ping), and pushes of messaging events to the members'
//! open connections through `@connections`.

pub mod events;
pub mod keys;
pub mod model;
pub mod service;
pub mod socket;
pub mod store;
