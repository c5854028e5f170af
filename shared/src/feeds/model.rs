//! Home-feed rules: how pushed entries and pulled celebrity posts form one
//! page, and how `mode=ranked` orders a page.

/// Which feed order the reader asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Newest first.
    #[default]
    Chronological,
    /// Each chronological page reordered by [`score`]: the candidate window is
    /// the page itself, so pagination never skips or repeats a post.
    Ranked,
}

/// The newest `limit` of the pushed entries and the pulled posts (post ids
/// are ULIDs, so their order is their age), without duplicates, and whether
/// anything older remains. `more_pushed` says the feed partition has entries
/// beyond `pushed`.
pub fn newest(
    pushed: Vec<String>,
    pulled: Vec<String>,
    limit: usize,
    more_pushed: bool,
) -> (Vec<String>, bool) {
    let mut ids: Vec<String> = pushed.into_iter().chain(pulled).collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    let more = more_pushed || ids.len() > limit;
    ids.truncate(limit);
    (ids, more)
}

/// What ranking knows about one candidate post.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Signals {
    pub age_hours: f64,
    /// Replies so far (and, as they arrive, other reactions to the post).
    pub engagement: u64,
    /// How often the reader has interacted with the author (replies, mentions).
    pub affinity: u64,
    pub has_media: bool,
}

/// Hours after which a post has lost half its recency weight.
pub const HALF_LIFE_HOURS: f64 = 12.0;

/// A post's rank: recency decays exponentially (half-life 12 h); engagement
/// and affinity count logarithmically so no single signal dominates; media
/// adds a fifth. Always finite and never negative.
pub fn score(signals: &Signals) -> f64 {
    let recency = 0.5f64.powf(signals.age_hours.max(0.0) / HALF_LIFE_HOURS);
    let engagement = 1.0 + (signals.engagement as f64).ln_1p();
    let affinity = 1.0 + 0.5 * (signals.affinity as f64).ln_1p();
    let media = if signals.has_media { 1.2 } else { 1.0 };
    recency * engagement * affinity * media
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn newest_merges_in_id_order_without_duplicates() {
        let (page, more) = newest(ids(&["05", "03", "01"]), ids(&["04", "03"]), 3, false);
        assert_eq!(page, ids(&["05", "04", "03"]));
        assert!(more, "01 is left for the next page");
        let (page, more) = newest(ids(&["02"]), ids(&["01"]), 3, false);
        assert_eq!(page, ids(&["02", "01"]));
        assert!(!more);
        let (_, more) = newest(ids(&["02"]), vec![], 3, true);
        assert!(more, "the partition has more");
    }

    fn base() -> Signals {
        Signals {
            age_hours: 1.0,
            ..Signals::default()
        }
    }

    #[test]
    fn each_signal_raises_the_score() {
        let plain = score(&base());
        assert!(
            score(&Signals {
                age_hours: 0.0,
                ..base()
            }) > plain
        );
        assert!(
            score(&Signals {
                engagement: 5,
                ..base()
            }) > plain
        );
        assert!(
            score(&Signals {
                affinity: 3,
                ..base()
            }) > plain
        );
        assert!(
            score(&Signals {
                has_media: true,
                ..base()
            }) > plain
        );
    }

    #[test]
    fn recency_halves_every_half_life() {
        let now = score(&Signals {
            age_hours: 0.0,
            ..base()
        });
        let later = score(&Signals {
            age_hours: HALF_LIFE_HOURS,
            ..base()
        });
        assert!((later / now - 0.5).abs() < 1e-9);
    }

    #[test]
    fn old_popular_posts_yield_to_fresh_ones_eventually() {
        let fresh = Signals {
            age_hours: 0.5,
            ..base()
        };
        let popular_two_days_old = Signals {
            age_hours: 48.0,
            engagement: 20,
            ..base()
        };
        let popular_hour_old = Signals {
            age_hours: 1.0,
            engagement: 20,
            ..base()
        };
        assert!(score(&fresh) > score(&popular_two_days_old));
        assert!(score(&popular_hour_old) > score(&fresh));
    }

    #[test]
    fn scores_stay_finite_and_never_negative() {
        for signals in [
            Signals {
                age_hours: -5.0,
                ..base()
            },
            Signals {
                age_hours: 1e6,
                engagement: u64::MAX,
                affinity: u64::MAX,
                has_media: true,
            },
        ] {
            let s = score(&signals);
            assert!(s.is_finite() && s >= 0.0, "{s}");
        }
    }
}
