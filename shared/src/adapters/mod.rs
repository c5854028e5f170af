//! Thin wrappers over AWS services other than the table.

pub mod event_bus;
pub mod https;
pub mod lazy;
pub mod mailer;
pub mod moderation;
pub mod push;
pub mod queues;
pub mod sockets;
pub mod storage;
