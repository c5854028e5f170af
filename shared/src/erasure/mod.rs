//! Erasure: what a deleted account or post leaves in others' places is
//! removed through their events (`user.deleted`, `post.deleted`), page by
//! page however much there is, idempotent under redelivery. Above every
//! feature, since it undoes what each of them wrote.

pub mod events;
pub mod service;
pub mod store;
