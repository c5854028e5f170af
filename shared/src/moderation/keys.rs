//! Where moderation items live in the table: the one place that knows their keys.

use crate::platform::store::{Item, key};

pub fn report(report_id: &str) -> Item {
    key(format!("REPORT#{report_id}"), "REPORT")
}

/// A report queue (a community's, or `site`), by status, on GSI1.
pub fn report_queue(queue: &str, status: &str) -> String {
    format!("REPORTS#{queue}#{status}")
}
