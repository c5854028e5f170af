//! What per-post analytics count and how a day's counts read back.

use serde::{Deserialize, Serialize};

/// Post ids one report may carry.
pub const VIEWS_MAX: usize = 100;
/// Days of analytics a page shows (today included).
pub const DAYS: i64 = 30;

/// One UTC day's counters of a post (or of all an author's posts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayCounts {
    #[serde(default)]
    pub day: String,
    /// Views, each viewer counted once per post per day (scaled up when
    /// views are sampled), so also the day's unique viewers.
    #[serde(default)]
    pub views: f64,
    #[serde(default)]
    pub reactions: i64,
    #[serde(default)]
    pub comments: i64,
    #[serde(default)]
    pub reposts: i64,
}

/// What an author sees for one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayView {
    pub day: String,
    pub views: u64,
    pub unique_viewers: u64,
    pub reactions: i64,
    pub comments: i64,
    pub reposts: i64,
    /// Reactions, comments and reposts per view (0 without views).
    pub engagement_rate: f64,
}

impl From<DayCounts> for DayView {
    fn from(c: DayCounts) -> Self {
        let views = c.views.round().max(0.0) as u64;
        let engaged = (c.reactions + c.comments + c.reposts).max(0) as f64;
        Self {
            day: c.day,
            views,
            unique_viewers: views,
            reactions: c.reactions,
            comments: c.comments,
            reposts: c.reposts,
            engagement_rate: if views == 0 {
                0.0
            } else {
                engaged / views as f64
            },
        }
    }
}

/// Whether a viewer's reports of `day` are counted, when `percent` of the
/// viewers are sampled: the same answer all day, on every instance.
pub fn sampled(viewer_id: &str, day: &str, percent: f64) -> bool {
    percent >= 100.0
        || (crate::flags::model::bucket("views", day, viewer_id) as f64)
            < percent * (crate::flags::model::BUCKETS as f64) / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_reads_as_rates_and_sampling_is_stable_and_proportional() {
        let day = DayView::from(DayCounts {
            day: "2026-12-08".into(),
            views: 40.0,
            reactions: 6,
            comments: 3,
            reposts: 1,
        });
        assert_eq!((day.views, day.unique_viewers), (40, 40));
        assert_eq!(day.engagement_rate, 0.25);
        assert_eq!(DayView::from(DayCounts::default()).engagement_rate, 0.0);

        let ids: Vec<String> = (0..10_000).map(|i| format!("01VIEWER{i:018}")).collect();
        let kept = ids
            .iter()
            .filter(|id| sampled(id, "2026-12-08", 10.0))
            .count();
        assert!((880..=1120).contains(&kept), "{kept} of 10,000 at 10%");
        assert!(
            ids.iter()
                .all(|id| sampled(id, "d", 10.0) == sampled(id, "d", 10.0))
        );
        assert!(ids.iter().all(|id| sampled(id, "d", 100.0)));
        assert!(!ids.iter().any(|id| sampled(id, "d", 0.0)));
    }
}
