//! Communities (reddit-style): who may read and take part, the roles that
//! moderate, and how community posts rank.

use crate::platform::error::FieldError;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const NAME_MIN: usize = 3;
pub const NAME_MAX: usize = 21;
pub const DESCRIPTION_MAX: usize = 500;
pub const RULES_MAX: usize = 15;
pub const RULE_MAX: usize = 200;
/// Pinned posts per community.
pub const PINS_MAX: usize = 2;
pub const REASON_MAX: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunityVisibility {
    /// Anyone reads; any signed-in account that is not banned takes part.
    #[default]
    Public,
    /// Anyone reads; members take part.
    Restricted,
    /// Members only, admitted by moderators.
    Private,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Moderator,
    Owner,
}

impl Role {
    pub fn moderates(self) -> bool {
        self >= Role::Moderator
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub id: String,
    /// As created; uniqueness is on the lowercase name.
    pub name: String,
    pub description: String,
    pub rules: Vec<String>,
    pub visibility: CommunityVisibility,
    pub owner_id: String,
    #[serde(default)]
    pub members_count: u64,
    /// Post ids, at most [`PINS_MAX`].
    #[serde(default)]
    pub pinned: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Up and down votes on a community post or comment, stored as top-level
/// attributes so votes can ADD to them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCounts {
    #[serde(default)]
    pub ups: u64,
    #[serde(default)]
    pub downs: u64,
    #[serde(default)]
    pub score: i64,
}

/// The counter moves of changing a vote from `previous` to `value` (each
/// -1, 0 or 1): (ups, downs, score). Up to down moves the score by 2.
pub fn vote_moves(previous: i8, value: i8) -> (i64, i64, i64) {
    let up = |v: i8| i64::from(v == 1);
    let down = |v: i8| i64::from(v == -1);
    (
        up(value) - up(previous),
        down(value) - down(previous),
        i64::from(value) - i64::from(previous),
    )
}

/// An account's place in a community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub community_id: String,
    pub user_id: String,
    pub role: Role,
    /// Epoch milliseconds.
    pub joined_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ban {
    pub community_id: String,
    pub user_id: String,
    pub reason: String,
    pub banned_by: String,
    /// Epoch milliseconds; `None` bans until lifted.
    pub until: Option<i64>,
    pub created_at: i64,
}

impl Ban {
    pub fn active(&self, now_ms: i64) -> bool {
        self.until.is_none_or(|until| until > now_ms)
    }
}

/// What an account is to a community, as far as access goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    pub role: Option<Role>,
    pub banned: bool,
}

/// Whether the community's posts (and their comments) can be read: a
/// private community's only by its members, and not by banned ones.
pub fn may_read(visibility: CommunityVisibility, standing: Standing) -> bool {
    visibility != CommunityVisibility::Private || (standing.role.is_some() && !standing.banned)
}

/// Whether an account may post, comment or vote.
pub fn may_take_part(visibility: CommunityVisibility, standing: Standing) -> bool {
    !standing.banned && (visibility == CommunityVisibility::Public || standing.role.is_some())
}

/// The lowercase key of a valid community name: 3 to 21 ASCII letters,
/// digits or underscores.
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let valid = (NAME_MIN..=NAME_MAX).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(FieldError::new(
            "name",
            format!("must be {NAME_MIN} to {NAME_MAX} letters, digits or underscores"),
        ))
    }
}

/// Trimmed description and rules, or what is wrong with them.
pub fn check_about(
    description: &str,
    rules: &[String],
) -> Result<(String, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let description = description.trim();
    if description.chars().count() > DESCRIPTION_MAX
        || description.chars().any(|c| c.is_control() && c != '\n')
    {
        errors.push(FieldError::new(
            "description",
            format!("must be at most {DESCRIPTION_MAX} characters, without control characters"),
        ));
    }
    let rules: Vec<String> = rules.iter().map(|r| r.trim().to_owned()).collect();
    if rules.len() > RULES_MAX
        || rules.iter().any(|r| {
            r.is_empty() || r.chars().count() > RULE_MAX || r.chars().any(char::is_control)
        })
    {
        errors.push(FieldError::new(
            "rules",
            format!("at most {RULES_MAX} rules of 1 to {RULE_MAX} characters each"),
        ));
    }
    if errors.is_empty() {
        Ok((description.to_owned(), rules))
    } else {
        Err(errors)
    }
}

/// A moderator's reason: required, at most [`REASON_MAX`] characters.
pub fn check_reason(reason: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty()
        || reason.chars().count() > REASON_MAX
        || reason.chars().any(char::is_control)
    {
        Err(FieldError::new(
            "reason",
            format!("must be 1 to {REASON_MAX} characters"),
        ))
    } else {
        Ok(reason.to_owned())
    }
}

/// Seconds from the Unix epoch to reddit's epoch, which the hot formula uses.
const HOT_EPOCH: i64 = 1_134_028_003;

/// Reddit's hot rank: the order of magnitude of the score, plus one point
/// per 12.5 hours since `created_at` — so a post needs 10x the votes to
/// outrank one 12.5 hours newer. Signed: a negative score sinks.
pub fn hot(ups: u64, downs: u64, created_at: OffsetDateTime) -> f64 {
    let score = ups as f64 - downs as f64;
    let order = score.abs().max(1.0).log10();
    let sign = score.signum() * f64::from(score != 0.0);
    let seconds = (created_at.unix_timestamp() - HOT_EPOCH) as f64;
    ((sign * order + seconds / 45_000.0) * 1e7).round() / 1e7
}

/// Reddit's controversy: many votes, evenly split. Zero unless the post has
/// both up and down votes.
pub fn controversy(ups: u64, downs: u64) -> f64 {
    if ups == 0 || downs == 0 {
        return 0.0;
    }
    let magnitude = (ups + downs) as f64;
    let balance = ups.min(downs) as f64 / ups.max(downs) as f64;
    magnitude.powf(balance)
}

/// The "top" windows a listing can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Day,
    Week,
    Month,
    All,
}

/// How a community's posts are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommunitySort {
    Hot,
    New,
    /// Highest score; within a window, among the posts of its current period.
    Top(Option<(Window, String)>),
    Controversial,
}

/// The period of `at` (UTC) that a windowed "top" index groups posts by:
/// `2026-11-22`, `2026-W47`, `2026-11`; `None` for all time.
pub fn period(window: Window, at: OffsetDateTime) -> Option<String> {
    let at = at.to_offset(time::UtcOffset::UTC);
    match window {
        Window::Day => Some(format!(
            "{:04}-{:02}-{:02}",
            at.year(),
            u8::from(at.month()),
            at.day()
        )),
        Window::Week => {
            let (year, week, _) = at.to_iso_week_date();
            Some(format!("{year:04}-W{week:02}"))
        }
        Window::Month => Some(format!("{:04}-{:02}", at.year(), u8::from(at.month()))),
        Window::All => None,
    }
}

/// A moderator's answer to a request to join a private community.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinDecision {
    Approve,
    Reject,
}

/// The owner making a member a moderator, or a moderator a member again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Appoint,
    Dismiss,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn vote_changes_move_counts_exactly() {
        assert_eq!(vote_moves(0, 1), (1, 0, 1));
        assert_eq!(vote_moves(1, -1), (-1, 1, -2));
        assert_eq!(vote_moves(-1, 0), (0, -1, 1));
        assert_eq!(vote_moves(1, 1), (0, 0, 0));
    }

    #[test]
    fn names_are_checked_and_keyed_lowercase() {
        assert_eq!(check_name("Rust_Lang").unwrap(), "rust_lang");
        for bad in [
            "ab",
            "a".repeat(22).as_str(),
            "no spaces",
            "ümlaut",
            "dash-ed",
        ] {
            assert_eq!(check_name(bad).unwrap_err().field, "name", "{bad}");
        }
    }

    #[test]
    fn access_follows_visibility_role_and_bans() {
        let outsider = Standing::default();
        let member = Standing {
            role: Some(Role::Member),
            banned: false,
        };
        let banned_member = Standing {
            role: Some(Role::Member),
            banned: true,
        };
        use CommunityVisibility::*;
        assert!(may_read(Public, outsider) && may_read(Restricted, outsider));
        assert!(!may_read(Private, outsider) && may_read(Private, member));
        assert!(may_take_part(Public, outsider));
        assert!(!may_take_part(Restricted, outsider) && may_take_part(Restricted, member));
        assert!(!may_take_part(Public, banned_member) && !may_take_part(Private, banned_member));
        assert!(
            Role::Owner.moderates() && Role::Moderator.moderates() && !Role::Member.moderates()
        );
    }

    #[test]
    fn bans_expire() {
        let ban = |until| Ban {
            community_id: "c".into(),
            user_id: "u".into(),
            reason: "r".into(),
            banned_by: "m".into(),
            until,
            created_at: 0,
        };
        assert!(ban(None).active(i64::MAX));
        assert!(ban(Some(100)).active(99));
        assert!(!ban(Some(100)).active(100));
    }

    #[test]
    fn hot_trades_votes_for_time() {
        let t = datetime!(2026-11-22 12:00 UTC);
        let later = t + time::Duration::seconds(45_000);
        assert!(hot(10, 0, t) > hot(1, 0, t));
        assert!(hot(0, 10, t) < hot(0, 0, t), "a negative score sinks");
        assert!(
            (hot(10, 0, t) - hot(1, 0, later)).abs() < 1e-6,
            "10x the votes = 12.5 hours"
        );
        assert!(hot(1, 0, later) > hot(5, 0, t));
    }

    #[test]
    fn controversy_wants_many_and_even_votes() {
        assert_eq!(controversy(10, 0), 0.0);
        assert!(controversy(50, 50) > controversy(90, 10));
        assert!(controversy(50, 50) > controversy(5, 5));
        assert_eq!(controversy(3, 3), 6.0);
    }

    #[test]
    fn periods_group_by_utc_day_iso_week_and_month() {
        let at = datetime!(2026-11-22 23:30 -02:00); // 2026-11-23 01:30 UTC
        assert_eq!(period(Window::Day, at).unwrap(), "2026-11-23");
        assert_eq!(period(Window::Week, at).unwrap(), "2026-W48");
        assert_eq!(period(Window::Month, at).unwrap(), "2026-11");
        assert_eq!(period(Window::All, at), None);
    }
}
