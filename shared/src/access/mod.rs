//! The visibility and standing policy: who may read or take part in a post,
//! a comment or a community. Every read path asks here, so the rules live in
//! one place; features above (posts, comments, votes, moderation, feeds)
//! load their items and let this module decide.

pub mod model;
pub mod service;
