//! Notifications as plain types, and the rules on them: which kinds group,
//! how a group takes a new occurrence, when one is unread, what an
//! account's policy does with a stranger's notification. No I/O.

use serde::{Deserialize, Serialize};

/// Reactions, reposts and follows on one target group within one UTC day.
pub const BUCKET_SECS: i64 = 86_400;
/// The actors a group shows ("A, B and 12 others"); the rest are listed
/// by `GET /v1/notifications/{id}/actors`.
pub const LATEST_ACTORS: usize = 3;
/// Notifications expire (the table's TTL) this long after their latest activity.
pub const RETENTION_SECS: i64 = 90 * 86_400;
/// An account younger than this is new to the notification policy.
pub const NEW_ACCOUNT_SECS: i64 = 30 * 86_400;
/// A message notifies only if still unread this long after it came (a
/// conversation being read as it happens needs no notification).
pub const MESSAGE_DELAY_SECS: i64 = 15;
/// The unread count stops counting here (shown as "999+").
pub const UNREAD_MAX: usize = 999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Someone followed me.
    Follow,
    /// Someone asks to follow my private account.
    FollowRequest,
    /// My request to follow a private account was accepted.
    FollowAccepted,
    /// A reaction on my post or comment.
    Reaction,
    /// A comment on my post.
    Comment,
    /// A reply to my comment, or a reply post to my post.
    Reply,
    Mention,
    Repost,
    Quote,
    /// A message still unread a little after it came.
    Message,
    /// A moderator removed, locked, pinned... my content, or banned me.
    Moderation,
    /// A report I filed was resolved.
    ReportResolved,
    /// My request to join a community was approved.
    JoinApproved,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Follow,
        Kind::FollowRequest,
        Kind::FollowAccepted,
        Kind::Reaction,
        Kind::Comment,
        Kind::Reply,
        Kind::Mention,
        Kind::Repost,
        Kind::Quote,
        Kind::Message,
        Kind::Moderation,
        Kind::ReportResolved,
        Kind::JoinApproved,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Follow => "follow",
            Kind::FollowRequest => "follow_request",
            Kind::FollowAccepted => "follow_accepted",
            Kind::Reaction => "reaction",
            Kind::Comment => "comment",
            Kind::Reply => "reply",
            Kind::Mention => "mention",
            Kind::Repost => "repost",
            Kind::Quote => "quote",
            Kind::Message => "message",
            Kind::Moderation => "moderation",
            Kind::ReportResolved => "report_resolved",
            Kind::JoinApproved => "join_approved",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Kinds whose many occurrences on one target say one thing ("12 people
    /// liked your post"). Mentions, replies and quotes each say something
    /// of their own and are never grouped.
    pub fn grouped(self) -> bool {
        matches!(self, Kind::Follow | Kind::Reaction | Kind::Repost)
    }

    /// Kinds the notification policy screens. The others answer something
    /// I did (a request, a report) or come from moderators, so are always
    /// let through; messages have their own request inbox.
    pub fn screened(self) -> bool {
        !matches!(
            self,
            Kind::FollowAccepted
                | Kind::Message
                | Kind::Moderation
                | Kind::ReportResolved
                | Kind::JoinApproved
        )
    }
}

/// One occurrence, for one recipient: what an event means to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub user_id: String,
    pub kind: Kind,
    pub actor_id: String,
    /// What it is about: `post:<id>`, `comment:<id>`, `user:<id>`,
    /// `conversation:<id>`, `report:<id>` or `community:<id>`.
    pub target: String,
    /// The post or comment that carries it, when that is not the target
    /// (the reply, the mentioning post, the quote, the repost).
    pub subject: Option<String>,
    /// The post whose thread it belongs to (what a thread mute silences).
    pub post_id: Option<String>,
    /// What kind of reaction, which moderator action, the resolution.
    pub detail: Option<String>,
    pub event_id: String,
    /// Epoch milliseconds.
    pub at: i64,
    /// A mention in a post only its mentioned accounts see.
    pub private_mention: bool,
}

impl Notice {
    /// The id of the group it joins: kind, target and day for the grouped
    /// kinds, else its event's id (an event tells one recipient one thing).
    /// A filtered notice stands alone, so accepting it moves only it.
    pub fn group_id(&self, filtered: bool) -> String {
        if self.kind.grouped() && !filtered {
            let day = self.at.div_euclid(1000 * BUCKET_SECS);
            format!(
                "{}-{}-{day}",
                self.kind.name(),
                self.target.replace(':', "-")
            )
        } else {
            self.event_id.clone()
        }
    }
}

/// Whether `raw` has the shape of a group id (so a malformed one is a 404
/// without a table read).
pub fn is_group_id(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= 120
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An actor of a group, with when they acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    /// Epoch milliseconds.
    pub at: i64,
}

/// What a list shows: one notification, or a group of occurrences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub user_id: String,
    pub kind: Kind,
    pub target: String,
    pub subject: Option<String>,
    pub post_id: Option<String>,
    pub detail: Option<String>,
    /// How many accounts it gathers.
    pub count: u64,
    /// The latest few, newest first.
    pub actors: Vec<Actor>,
    /// Epoch milliseconds.
    pub first_at: i64,
    pub latest_at: i64,
    /// When I marked it read (0: never).
    #[serde(default)]
    pub read_at: i64,
    /// Held in the requests list by my policy until I accept it.
    #[serde(default)]
    pub filtered: bool,
    #[serde(default)]
    pub dismissed: bool,
    /// Epoch seconds (the table's TTL).
    pub expires_at: i64,
    /// Bumped by every write, which is conditional on the one read.
    #[serde(default)]
    pub rev: u64,
}

impl Group {
    pub fn new(notice: &Notice, filtered: bool) -> Group {
        Group {
            id: notice.group_id(filtered),
            user_id: notice.user_id.clone(),
            kind: notice.kind,
            target: notice.target.clone(),
            subject: notice.subject.clone(),
            post_id: notice.post_id.clone(),
            detail: notice.detail.clone(),
            count: 1,
            actors: vec![Actor {
                id: notice.actor_id.clone(),
                at: notice.at,
            }],
            first_at: notice.at,
            latest_at: notice.at,
            read_at: 0,
            filtered,
            dismissed: false,
            expires_at: notice.at / 1000 + RETENTION_SECS,
            rev: 0,
        }
    }

    /// Takes one more actor's occurrence (the store has checked it is new).
    /// Occurrences may arrive out of order; the latest actors stay newest first.
    pub fn add(&mut self, notice: &Notice) {
        self.count += 1;
        self.actors.push(Actor {
            id: notice.actor_id.clone(),
            at: notice.at,
        });
        self.actors
            .sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
        self.actors.truncate(LATEST_ACTORS);
        self.first_at = self.first_at.min(notice.at);
        if notice.at > self.latest_at {
            self.latest_at = notice.at;
            self.detail = notice.detail.clone();
        }
        self.expires_at = self.latest_at / 1000 + RETENTION_SECS;
    }

    /// Unread: something happened in it after I last read it (or all).
    pub fn unread(&self, read_before: i64) -> bool {
        !self.dismissed && !self.filtered && self.latest_at > self.read_at.max(read_before)
    }

    /// Whether it lists in my notifications (not dismissed, not held).
    pub fn listed(&self) -> bool {
        !self.dismissed && !self.filtered
    }
}

/// One actor's occurrence in a group: what makes a redelivered event, or a
/// second reaction by the same account, change nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub group_id: String,
    pub user_id: String,
    pub actor_id: String,
    pub event_id: String,
    pub kind: Kind,
    pub target: String,
    pub subject: Option<String>,
    pub post_id: Option<String>,
    pub detail: Option<String>,
    /// Epoch milliseconds.
    pub at: i64,
    pub expires_at: i64,
}

impl Entry {
    pub fn of(notice: &Notice, group_id: &str) -> Entry {
        Entry {
            group_id: group_id.to_owned(),
            user_id: notice.user_id.clone(),
            actor_id: notice.actor_id.clone(),
            event_id: notice.event_id.clone(),
            kind: notice.kind,
            target: notice.target.clone(),
            subject: notice.subject.clone(),
            post_id: notice.post_id.clone(),
            detail: notice.detail.clone(),
            at: notice.at,
            expires_at: notice.at / 1000 + RETENTION_SECS,
        }
    }
}

/// What the policy does with a notification from an account in one of its
/// categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    #[default]
    Accept,
    /// Into the requests list, to review and accept.
    Filter,
    Drop,
}

/// My notification policy (Mastodon's), by category of sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    pub for_not_following: Treatment,
    pub for_not_followers: Treatment,
    pub for_new_accounts: Treatment,
    /// Private mentions from accounts I do not follow, not in reply to me.
    pub for_private_mentions: Treatment,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            for_not_following: Treatment::Accept,
            for_not_followers: Treatment::Accept,
            for_new_accounts: Treatment::Accept,
            for_private_mentions: Treatment::Filter,
        }
    }
}

/// What the policy knows of a notification's actor, relative to me.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub i_follow_them: bool,
    pub they_follow_me: bool,
    /// Seconds since the actor's account was created.
    pub account_age_secs: i64,
}

impl Policy {
    /// The strictest treatment of the categories the actor falls in.
    pub fn treat(&self, kind: Kind, private_mention: bool, actor: Standing) -> Treatment {
        if !kind.screened() {
            return Treatment::Accept;
        }
        let mut applies = Vec::with_capacity(4);
        if !actor.i_follow_them {
            applies.push(self.for_not_following);
        }
        if !actor.they_follow_me {
            applies.push(self.for_not_followers);
        }
        if actor.account_age_secs < NEW_ACCOUNT_SECS {
            applies.push(self.for_new_accounts);
        }
        if private_mention && !actor.i_follow_them {
            applies.push(self.for_private_mentions);
        }
        applies.into_iter().max().unwrap_or_default()
    }
}

/// Where a kind of notification reaches me.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    pub in_app: bool,
    pub push: bool,
    pub email: bool,
}

impl Kind {
    /// The defaults (docs/notifications.md): everything in the app; on the
    /// phone all but reactions and reposts, which come in floods; by email
    /// only what moderators decide about me and my reports.
    pub fn default_channels(self) -> Channels {
        Channels {
            in_app: true,
            push: !matches!(self, Kind::Reaction | Kind::Repost),
            email: matches!(self, Kind::Moderation | Kind::ReportResolved),
        }
    }
}

/// "Stop notifying me about this post": all of it, or (for a post gone
/// viral) only reactions and reposts from accounts I do not follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mute {
    All,
    Strangers,
}

impl Mute {
    /// Whether a notice from an actor I follow (or not) gets through.
    pub fn silences(self, kind: Kind, i_follow_them: bool) -> bool {
        match self {
            Mute::All => true,
            Mute::Strangers => matches!(kind, Kind::Reaction | Kind::Repost) && !i_follow_them,
        }
    }
}

/// My notification settings. Preferences hold only what differs from the
/// defaults, so a default changed later reaches everyone who kept it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub preferences: std::collections::BTreeMap<Kind, Channels>,
    #[serde(default)]
    pub quiet_hours: Option<QuietHours>,
    #[serde(default)]
    pub digest: Digest,
}

impl Settings {
    pub fn channels(&self, kind: Kind) -> Channels {
        self.preferences
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_channels())
    }

    /// Sets a kind's channels, keeping only what differs from its defaults.
    pub fn set_channels(&mut self, kind: Kind, channels: Channels) {
        if channels == kind.default_channels() {
            self.preferences.remove(&kind);
        } else {
            self.preferences.insert(kind, channels);
        }
    }
}

impl Kind {
    /// What a push or an email says, e.g. "bob and 2 others reacted to your post".
    pub fn headline(self, actor: &str, count: u64) -> String {
        let who = match count {
            0 | 1 => actor.to_owned(),
            2 => format!("{actor} and 1 other"),
            n => format!("{actor} and {} others", n - 1),
        };
        match self {
            Kind::Follow => format!("{who} followed you"),
            Kind::FollowRequest => format!("{who} asked to follow you"),
            Kind::FollowAccepted => format!("{who} accepted your follow request"),
            Kind::Reaction => format!("{who} reacted to your post"),
            Kind::Comment => format!("{who} commented on your post"),
            Kind::Reply => format!("{who} replied to you"),
            Kind::Mention => format!("{who} mentioned you"),
            Kind::Repost => format!("{who} reposted your post"),
            Kind::Quote => format!("{who} quoted your post"),
            Kind::Message => format!("{who} sent you a message"),
            Kind::Moderation => "A moderator acted on your content".to_owned(),
            Kind::ReportResolved => "Your report was resolved".to_owned(),
            Kind::JoinApproved => "Your request to join a community was approved".to_owned(),
        }
    }
}

/// What a summary of held or unread notifications says.
pub fn while_away(count: u64) -> String {
    match count {
        1 => "1 new notification while you were away".to_owned(),
        n => format!("{n} new notifications while you were away"),
    }
}

/// Hours in which pushes (and emails) wait, in the account's time zone;
/// in-app notifications are still recorded. Crossing midnight is allowed
/// (22:00 to 07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// `HH:MM`, local time.
    pub start: String,
    pub end: String,
    /// An IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
}

fn clock_time(raw: &str) -> Option<jiff::civil::Time> {
    let (h, m) = raw.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    jiff::civil::Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl QuietHours {
    /// The problems with it, field by field (empty: valid).
    pub fn problems(&self) -> Vec<crate::platform::error::FieldError> {
        use crate::platform::error::FieldError;
        let mut problems = Vec::new();
        for (field, value) in [
            ("quiet_hours.start", &self.start),
            ("quiet_hours.end", &self.end),
        ] {
            if clock_time(value).is_none() {
                problems.push(FieldError::new(field, "must be a time of day, HH:MM"));
            }
        }
        if self.start == self.end {
            problems.push(FieldError::new("quiet_hours.end", "must differ from start"));
        }
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            problems.push(FieldError::new(
                "quiet_hours.time_zone",
                "must be an IANA time zone, e.g. Europe/Berlin",
            ));
        }
        problems
    }

    /// When the quiet hours that `at` (epoch ms) falls in end, in epoch ms;
    /// None outside them.
    pub fn release_at(&self, at: i64) -> Option<i64> {
        let (start, end) = (clock_time(&self.start)?, clock_time(&self.end)?);
        let tz = jiff::tz::TimeZone::get(&self.time_zone).ok()?;
        let now = jiff::Timestamp::from_millisecond(at)
            .ok()?
            .to_zoned_datetime(tz.clone());
        let time = now.time();
        let today = now.date();
        let end_day = if start < end {
            (start <= time && time < end).then_some(today)?
        } else if time >= start {
            today.tomorrow().ok()?
        } else if time < end {
            today
        } else {
            return None;
        };
        let release = end_day.to_datetime(end).to_zoned_datetime(tz).ok()?;
        Some(release.timestamp().as_millisecond())
    }
}

/// "While you were away": an email of my unread notifications, daily or
/// weekly, at `DIGEST_HOUR` in my quiet hours' time zone (UTC without
/// them), sent only if something is unread. Weekly (Mondays) by default,
/// as most platforms do; one click turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Digest {
    Off,
    Daily,
    #[default]
    Weekly,
}

/// The local hour digests go out at.
pub const DIGEST_HOUR: i8 = 9;
/// The notifications a digest lists by name; the rest are counted.
pub const DIGEST_LINES: usize = 10;

impl Digest {
    /// When the digest of something that happened at `at` (epoch ms) is
    /// due: the next `DIGEST_HOUR` (on a Monday, for weekly) after it, in
    /// `time_zone`. None when off.
    pub fn due_after(self, at: i64, time_zone: Option<&str>) -> Option<i64> {
        let tz = time_zone
            .and_then(|name| jiff::tz::TimeZone::get(name).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let now = jiff::Timestamp::from_millisecond(at)
            .ok()?
            .to_zoned_datetime(tz.clone());
        let hour = jiff::civil::Time::new(DIGEST_HOUR, 0, 0, 0).ok()?;
        let mut day = now.date();
        if now.time() >= hour {
            day = day.tomorrow().ok()?;
        }
        match self {
            Digest::Off => return None,
            Digest::Daily => {}
            Digest::Weekly => {
                let ahead = day.weekday().until(jiff::civil::Weekday::Monday);
                day = day.checked_add(jiff::Span::new().days(ahead)).ok()?;
            }
        }
        let due = day.to_datetime(hour).to_zoned_datetime(tz).ok()?;
        Some(due.timestamp().as_millisecond())
    }
}

/// A phone or tablet that takes my pushes: its SNS platform endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    /// A digest of its endpoint (one per token).
    pub id: String,
    pub user_id: String,
    pub platform: crate::adapters::push::Platform,
    pub endpoint: String,
    /// Epoch milliseconds.
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: Kind, actor: &str, at: i64) -> Notice {
        Notice {
            user_id: "U".into(),
            kind,
            actor_id: actor.into(),
            target: "post:P".into(),
            subject: None,
            post_id: Some("P".into()),
            detail: Some("like".into()),
            event_id: format!("E{actor}{at}"),
            at,
            private_mention: false,
        }
    }

    #[test]
    fn grouped_kinds_share_a_group_per_target_and_day() {
        let day = 1000 * BUCKET_SECS;
        let a = notice(Kind::Reaction, "A", 5 * day + 1);
        let b = notice(Kind::Reaction, "B", 6 * day - 1);
        let c = notice(Kind::Reaction, "C", 6 * day);
        assert_eq!(a.group_id(false), b.group_id(false));
        assert_ne!(a.group_id(false), c.group_id(false));
        assert_eq!(a.group_id(false), "reaction-post-P-5");
        assert!(is_group_id(&a.group_id(false)));
        let mention = notice(Kind::Mention, "A", 1);
        assert_eq!(mention.group_id(false), mention.event_id);
        assert_eq!(a.group_id(true), a.event_id, "a held notice stands alone");
        assert!(!is_group_id("a/b") && !is_group_id(""));
    }

    #[test]
    fn a_group_keeps_the_latest_actors_newest_first_whatever_the_order() {
        let mut group = Group::new(&notice(Kind::Reaction, "B", 20), false);
        for (actor, at) in [("A", 10), ("D", 40), ("C", 30), ("E", 5)] {
            group.add(&notice(Kind::Reaction, actor, at));
        }
        assert_eq!(group.count, 5);
        let ids: Vec<&str> = group.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["D", "C", "B"]);
        assert_eq!((group.first_at, group.latest_at), (5, 40));
        assert_eq!(group.expires_at, RETENTION_SECS);
    }

    #[test]
    fn unread_is_activity_after_the_last_read() {
        let mut group = Group::new(&notice(Kind::Reaction, "A", 100), false);
        assert!(group.unread(0));
        assert!(!group.unread(100), "all read at 100");
        group.read_at = 150;
        assert!(!group.unread(0));
        group.add(&notice(Kind::Reaction, "B", 200));
        assert!(group.unread(0), "new activity makes it unread again");
        group.dismissed = true;
        assert!(!group.unread(0));
    }

    #[test]
    fn the_strictest_applicable_treatment_wins() {
        let policy = Policy {
            for_not_following: Treatment::Filter,
            for_not_followers: Treatment::Accept,
            for_new_accounts: Treatment::Drop,
            for_private_mentions: Treatment::Filter,
        };
        let old_friend = Standing {
            i_follow_them: true,
            they_follow_me: true,
            account_age_secs: NEW_ACCOUNT_SECS,
        };
        let stranger = Standing {
            account_age_secs: NEW_ACCOUNT_SECS,
            ..Standing::default()
        };
        assert_eq!(
            policy.treat(Kind::Mention, true, old_friend),
            Treatment::Accept
        );
        assert_eq!(
            policy.treat(Kind::Reaction, false, stranger),
            Treatment::Filter
        );
        let newcomer = Standing {
            account_age_secs: 60,
            ..old_friend
        };
        assert_eq!(policy.treat(Kind::Follow, false, newcomer), Treatment::Drop);
        assert_eq!(
            policy.treat(Kind::Moderation, false, newcomer),
            Treatment::Accept,
            "moderators are never screened"
        );
        let default = Policy::default();
        assert_eq!(
            default.treat(Kind::Mention, true, stranger),
            Treatment::Filter
        );
        assert_eq!(
            default.treat(Kind::Mention, false, stranger),
            Treatment::Accept
        );
    }

    #[test]
    fn a_viral_post_mute_silences_only_strangers_reactions() {
        assert!(Mute::Strangers.silences(Kind::Reaction, false));
        assert!(!Mute::Strangers.silences(Kind::Reaction, true));
        assert!(!Mute::Strangers.silences(Kind::Comment, false));
        assert!(Mute::All.silences(Kind::Comment, true));
    }

    #[test]
    fn preferences_override_the_defaults_kind_by_kind() {
        let mut settings = Settings::default();
        assert!(!settings.channels(Kind::Reaction).push);
        assert!(settings.channels(Kind::Mention).push);
        let off = Channels {
            in_app: false,
            push: false,
            email: false,
        };
        settings.preferences.insert(Kind::Mention, off);
        assert_eq!(settings.channels(Kind::Mention), off);
        assert!(settings.channels(Kind::Reply).in_app);
    }

    #[test]
    fn quiet_hours_hold_until_their_end_in_the_accounts_time_zone() {
        let quiet = QuietHours {
            start: "22:00".into(),
            end: "07:00".into(),
            time_zone: "Europe/Berlin".into(),
        };
        assert!(quiet.problems().is_empty());
        let ms = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_millisecond();
        // 23:30 in Berlin (CET, UTC+1) is quiet until 07:00 the next morning.
        assert_eq!(
            quiet.release_at(ms("2026-12-01T22:30:00Z")),
            Some(ms("2026-12-02T06:00:00Z"))
        );
        // 05:00 local: the same morning.
        assert_eq!(
            quiet.release_at(ms("2026-12-02T04:00:00Z")),
            Some(ms("2026-12-02T06:00:00Z"))
        );
        assert_eq!(quiet.release_at(ms("2026-12-02T12:00:00Z")), None);
        let day = QuietHours {
            start: "09:00".into(),
            end: "17:00".into(),
            time_zone: "America/New_York".into(),
        };
        assert_eq!(
            day.release_at(ms("2026-12-02T15:00:00Z")),
            Some(ms("2026-12-02T22:00:00Z"))
        );
        assert_eq!(day.release_at(ms("2026-12-02T23:00:00Z")), None);
        let bad = QuietHours {
            start: "25:00".into(),
            end: "7".into(),
            time_zone: "Mars/Olympus".into(),
        };
        assert_eq!(bad.problems().len(), 3);
    }

    #[test]
    fn digests_fall_due_at_nine_local_daily_or_on_mondays() {
        let ms = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_millisecond();
        // Wednesday 2026-12-02, 10:00 UTC = 11:00 in Berlin.
        let at = ms("2026-12-02T10:00:00Z");
        assert_eq!(
            Digest::Daily.due_after(at, None),
            Some(ms("2026-12-03T09:00:00Z"))
        );
        assert_eq!(
            Digest::Daily.due_after(ms("2026-12-02T08:59:00Z"), None),
            Some(ms("2026-12-02T09:00:00Z"))
        );
        assert_eq!(
            Digest::Daily.due_after(at, Some("Europe/Berlin")),
            Some(ms("2026-12-03T08:00:00Z"))
        );
        assert_eq!(
            Digest::Weekly.due_after(at, None),
            Some(ms("2026-12-07T09:00:00Z"))
        );
        // Monday after nine: the next Monday.
        assert_eq!(
            Digest::Weekly.due_after(ms("2026-12-07T09:00:00Z"), None),
            Some(ms("2026-12-14T09:00:00Z"))
        );
        assert_eq!(Digest::Off.due_after(at, None), None);
    }

    #[test]
    fn headlines_name_the_latest_actor_and_count_the_others() {
        assert_eq!(
            Kind::Reaction.headline("bob", 1),
            "bob reacted to your post"
        );
        assert_eq!(
            Kind::Follow.headline("bob", 2),
            "bob and 1 other followed you"
        );
        assert_eq!(
            Kind::Repost.headline("bob", 13),
            "bob and 12 others reposted your post"
        );
    }
}
