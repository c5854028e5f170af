//! Operations: the activity counters the services keep (per UTC day,
//! counted once per event) and the operators' daily report built from them,
//! with function failures and the dead-letter queues' depth, sent by email.

pub mod events;
pub mod model;
pub mod service;
pub mod store;
