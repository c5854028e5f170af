//! What the daily report counts and how it reads. No I/O.

use crate::platform::events::Event;
use crate::platform::store::counters::FUNCTION_ERRORS;
use std::collections::BTreeMap;

/// The report's lines: metric, label. `count-activity` keeps the events'
/// ones; sign-ins count active accounts, and failures count themselves.
pub const LINES: [(&str, &str); 12] = [
    ("new_accounts", "New accounts"),
    (
        crate::accounts::sessions::ACTIVE_ACCOUNTS,
        "Active accounts",
    ),
    ("posts", "Posts"),
    ("views", "Post views"),
    ("comments", "Comments"),
    ("reactions", "Reactions"),
    ("messages", "Messages"),
    ("media_processed", "Media processed"),
    ("media_rejected", "Media rejected"),
    ("reports_opened", "Reports opened"),
    ("reports_resolved", "Reports resolved"),
    (FUNCTION_ERRORS, "Function errors"),
];

/// The metric an event counts in, if any (a changed reaction is not a new one).
pub fn metric_of(event: &Event) -> Option<&'static str> {
    Some(match event {
        Event::UserRegistered(_) => "new_accounts",
        Event::PostCreated(_) => "posts",
        Event::CommentCreated(_) => "comments",
        Event::ReactionAdded(r) if r.previous.is_none() => "reactions",
        Event::MessageCreated(_) => "messages",
        Event::MediaProcessed(_) => "media_processed",
        Event::MediaRejected(_) => "media_rejected",
        Event::ReportFiled(_) => "reports_opened",
        Event::ReportResolved(_) => "reports_resolved",
        _ => return None,
    })
}

/// One day's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub counters: BTreeMap<String, i64>,
    /// Each dead-letter queue's name and the messages waiting in it now.
    pub dead_letters: Vec<(String, u64)>,
}

impl Report {
    pub fn subject(&self) -> String {
        let errors = self.counters.get(FUNCTION_ERRORS).copied().unwrap_or(0);
        let waiting: u64 = self.dead_letters.iter().map(|(_, n)| n).sum();
        let attention = if errors > 0 || waiting > 0 {
            format!(" (errors: {errors}, dead letters: {waiting})")
        } else {
            String::new()
        };
        format!("Kith daily report {}{attention}", self.day)
    }

    /// The email's text: every line (zeros included, so a silent service
    /// shows), failures per function, and each dead-letter queue's depth.
    pub fn text(&self) -> String {
        let value = |metric: &str| self.counters.get(metric).copied().unwrap_or(0);
        let mut text = format!("Kith, {} (UTC)\n\n", self.day);
        for (metric, label) in LINES {
            text.push_str(&format!("{label:<20}{:>10}\n", value(metric)));
        }
        let prefix = format!("{FUNCTION_ERRORS}:");
        for (metric, count) in &self.counters {
            if let Some(function) = metric.strip_prefix(&prefix) {
                text.push_str(&format!("  {function:<18}{count:>10}\n"));
            }
        }
        // Each experiment's arms, by the accounts first exposed that day.
        let arms: Vec<(&str, &i64)> = self
            .counters
            .iter()
            .filter_map(|(metric, count)| {
                let arm = metric
                    .strip_prefix("experiment:")?
                    .strip_suffix(":exposed")?;
                Some((arm, count))
            })
            .collect();
        if !arms.is_empty() {
            text.push_str("Experiment exposures\n");
        }
        for (arm, count) in arms {
            text.push_str(&format!("  {arm:<18}{count:>10}\n"));
        }
        let waiting: u64 = self.dead_letters.iter().map(|(_, n)| n).sum();
        text.push_str(&format!("{:<20}{waiting:>10}\n", "Dead letters (now)"));
        for (queue, depth) in self.dead_letters.iter().filter(|(_, n)| *n > 0) {
            text.push_str(&format!("  {queue:<18}{depth:>10}\n"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::events::{ReactionAdded, UserRegistered};

    #[test]
    fn new_reactions_count_changed_ones_do_not() {
        let reaction = |previous: Option<&str>| {
            Event::ReactionAdded(ReactionAdded {
                target: "post:P".into(),
                target_author_id: "A".into(),
                user_id: "B".into(),
                kind: "like".into(),
                previous: previous.map(str::to_owned),
            })
        };
        assert_eq!(metric_of(&reaction(None)), Some("reactions"));
        assert_eq!(metric_of(&reaction(Some("love"))), None);
        let registered = Event::UserRegistered(UserRegistered {
            user_id: "A".into(),
        });
        assert_eq!(metric_of(&registered), Some("new_accounts"));
    }

    #[test]
    fn the_report_shows_every_line_failures_by_function_and_waiting_dead_letters() {
        let report = Report {
            day: "2026-12-01".into(),
            counters: BTreeMap::from([
                ("posts".into(), 12),
                (FUNCTION_ERRORS.into(), 3),
                (format!("{FUNCTION_ERRORS}:notify"), 3),
                ("experiment:feed-ranking:ranked:exposed".into(), 40),
                ("experiment:feed-ranking:ranked:posts".into(), 9),
            ]),
            dead_letters: vec![("notify-dlq".into(), 2), ("quiet-dlq".into(), 0)],
        };
        assert_eq!(
            report.subject(),
            "Kith daily report 2026-12-01 (errors: 3, dead letters: 2)"
        );
        let text = report.text();
        assert!(text.contains("Posts                       12\n"), "{text}");
        assert!(text.contains("New accounts                 0\n"), "{text}");
        assert!(text.contains("  notify                     3\n"), "{text}");
        assert!(text.contains("  notify-dlq                 2\n"), "{text}");
        assert!(!text.contains("quiet-dlq"), "{text}");
        assert!(
            text.contains("Experiment exposures\n  feed-ranking:ranked        40\n"),
            "{text}"
        );
        assert!(!text.contains(":posts"), "{text}");
    }
}
