//! Thin wrappers over AWS services other than the table.

pub mod mailer;
