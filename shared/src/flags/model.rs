//! Feature flags and experiments: what a flag says, and the pure function
//! that decides for one account whether it is on and which variant it gets.
//! Assignment hashes the flag's key with the account id, so it is the same
//! on every device and every instance, and needs no stored state.

use crate::platform::error::{Error, FieldError, Result};
use aws_lc_rs::digest;
use serde::{Deserialize, Serialize};

/// Buckets a percentage is cut into: rollouts in steps of 0.01%.
pub const BUCKETS: u64 = 10_000;
pub const KEY_MAX: usize = 64;
pub const DESCRIPTION_MAX: usize = 500;
pub const ACCOUNTS_MAX: usize = 1_000;
pub const VARIANTS_MAX: usize = 10;
pub const AGE_DAYS_MAX: u32 = 3_650;

/// The flag whose variant picks the home feed's default order.
pub const FEED_RANKING: &str = "feed-ranking";

/// One arm of an experiment, chosen in proportion to its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    pub weight: u32,
}

/// What an admin sets (the body of `PUT /v1/admin/flags/{key}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub description: String,
    /// Off: nobody gets the flag, whatever the rest says.
    pub enabled: bool,
    /// Accounts that always get it while it is enabled.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Other accounts get it only once they are this many days old.
    #[serde(default)]
    pub min_account_age_days: u32,
    /// The share of the other accounts (old enough) that get it, 0–100.
    #[serde(default)]
    pub rollout_percent: f64,
    /// An experiment's arms; none for a plain on/off flag.
    #[serde(default)]
    pub variants: Vec<Variant>,
}

/// A stored flag: its rules and who changed it last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub key: String,
    pub rules: Rules,
    /// Bumped on every change; a change may name the rev it replaces.
    pub rev: u64,
    pub updated_at: i64,
    pub updated_by: String,
}

/// What a flag means for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub on: bool,
    /// The experiment's arm, when the flag is an experiment and on.
    pub variant: Option<String>,
}

impl Assignment {
    const OFF: Self = Self {
        on: false,
        variant: None,
    };
}

/// Whether `key` is a flag key: lower-case letters, digits and dashes.
pub fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= KEY_MAX
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Rules {
    /// Every rule a flag must keep, reported per field.
    pub fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        if self.description.chars().count() > DESCRIPTION_MAX {
            errors.push(FieldError::new(
                "description",
                format!("at most {DESCRIPTION_MAX} characters"),
            ));
        }
        if self.accounts.len() > ACCOUNTS_MAX
            || self.accounts.iter().any(|a| {
                a.is_empty() || a.len() > 64 || !a.chars().all(|c| c.is_ascii_alphanumeric())
            })
        {
            errors.push(FieldError::new(
                "accounts",
                format!("at most {ACCOUNTS_MAX} account ids"),
            ));
        }
        if self.min_account_age_days > AGE_DAYS_MAX {
            errors.push(FieldError::new(
                "min_account_age_days",
                format!("at most {AGE_DAYS_MAX}"),
            ));
        }
        if !(0.0..=100.0).contains(&self.rollout_percent) {
            errors.push(FieldError::new("rollout_percent", "from 0 to 100"));
        }
        let mut names: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        if self.variants.len() > VARIANTS_MAX
            || names.len() != self.variants.len()
            || self.variants.iter().any(|v| {
                !valid_key(&v.name) || v.name.len() > 32 || !(1..=10_000).contains(&v.weight)
            })
        {
            errors.push(FieldError::new(
                "variants",
                format!(
                    "at most {VARIANTS_MAX}, with distinct names (a-z, 0-9, -) and weights from 1 to 10000"
                ),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errors))
        }
    }
}

/// Where `account_id` falls among [`BUCKETS`] for `key`, drawn for
/// `purpose` (the rollout and the variant are drawn independently).
pub fn bucket(key: &str, purpose: &str, account_id: &str) -> u64 {
    let input = format!("{key}\u{0}{purpose}\u{0}{account_id}");
    let hash = digest::digest(&digest::SHA256, input.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_ref()[..8]);
    u64::from_be_bytes(first) % BUCKETS
}

/// Whether `flag` is on for the account, and which variant it gets.
pub fn evaluate(flag: &Flag, account_id: &str, account_age_days: i64) -> Assignment {
    let rules = &flag.rules;
    if !rules.enabled {
        return Assignment::OFF;
    }
    let listed = rules.accounts.iter().any(|a| a == account_id);
    let rolled_out = account_age_days >= i64::from(rules.min_account_age_days)
        && (bucket(&flag.key, "rollout", account_id) as f64)
            < rules.rollout_percent * (BUCKETS as f64) / 100.0;
    if !(listed || rolled_out) {
        return Assignment::OFF;
    }
    let total: u64 = rules.variants.iter().map(|v| u64::from(v.weight)).sum();
    let mut draw = bucket(&flag.key, "variant", account_id) * total / BUCKETS;
    let variant = rules.variants.iter().find(|v| {
        let weight = u64::from(v.weight);
        if draw < weight {
            return true;
        }
        draw -= weight;
        false
    });
    Assignment {
        on: true,
        variant: variant.map(|v| v.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(rules: Rules) -> Flag {
        Flag {
            key: "new-composer".into(),
            rules,
            rev: 1,
            updated_at: 0,
            updated_by: "ADMIN".into(),
        }
    }

    fn rules(percent: f64) -> Rules {
        Rules {
            description: String::new(),
            enabled: true,
            accounts: vec![],
            min_account_age_days: 0,
            rollout_percent: percent,
            variants: vec![],
        }
    }

    fn ids() -> impl Iterator<Item = String> {
        (0..10_000).map(|i| format!("01ACCOUNT{i:017}"))
    }

    #[test]
    fn assignment_is_deterministic_and_differs_between_flags() {
        let f = flag(rules(50.0));
        let mut other = f.clone();
        other.key = "other-flag".into();
        let (mut same, mut differ) = (0, 0);
        for id in ids().take(1000) {
            assert_eq!(evaluate(&f, &id, 0), evaluate(&f, &id, 0));
            if evaluate(&f, &id, 0).on == evaluate(&other, &id, 0).on {
                same += 1;
            } else {
                differ += 1;
            }
        }
        // Independent draws per key: about half agree.
        assert!(same > 400 && differ > 400, "{same} / {differ}");
    }

    #[test]
    fn percentage_rollouts_hold_within_a_tolerance_over_ten_thousand_ids() {
        for percent in [0.0, 1.0, 10.0, 25.0, 50.0, 90.0, 100.0] {
            let f = flag(rules(percent));
            let on = ids().filter(|id| evaluate(&f, id, 0).on).count() as f64;
            let expected = percent * 100.0;
            // Binomial: 4 standard deviations, at least exact at 0 and 100.
            let tolerance = 4.0 * (10_000.0 * percent / 100.0 * (1.0 - percent / 100.0)).sqrt();
            assert!(
                (on - expected).abs() <= tolerance,
                "{percent}%: {on} of 10,000 (expected {expected} ± {tolerance:.0})"
            );
        }
        // Raising a rollout only adds accounts: nobody who had it loses it.
        let (low, high) = (flag(rules(10.0)), flag(rules(30.0)));
        assert!(ids().all(|id| !evaluate(&low, &id, 0).on || evaluate(&high, &id, 0).on));
    }

    #[test]
    fn variants_split_by_weight_and_stay_put() {
        let mut r = rules(100.0);
        r.variants = vec![
            Variant {
                name: "control".into(),
                weight: 1,
            },
            Variant {
                name: "treatment".into(),
                weight: 3,
            },
        ];
        let f = flag(r);
        let treated = ids()
            .filter(|id| evaluate(&f, id, 0).variant.as_deref() == Some("treatment"))
            .count();
        assert!((7300..=7700).contains(&treated), "{treated} of 10,000");
        assert!(ids().all(|id| evaluate(&f, &id, 0).variant.is_some()));
    }

    #[test]
    fn targeting_by_account_and_age_and_the_off_switch() {
        let mut r = rules(100.0);
        r.min_account_age_days = 30;
        r.accounts = vec!["01LISTED".into()];
        let f = flag(r.clone());
        assert!(!evaluate(&f, "01NEW", 29).on, "too young for the rollout");
        assert!(evaluate(&f, "01OLD", 30).on);
        assert!(
            evaluate(&f, "01LISTED", 0).on,
            "listed accounts skip the rules"
        );
        r.rollout_percent = 0.0;
        let f = flag(r.clone());
        assert!(!evaluate(&f, "01OLD", 400).on);
        assert!(evaluate(&f, "01LISTED", 400).on);
        r.enabled = false;
        assert_eq!(evaluate(&flag(r), "01LISTED", 400), Assignment::OFF);
    }

    #[test]
    fn rules_and_keys_are_validated() {
        assert!(valid_key("feed-ranking") && valid_key("a1"));
        assert!(!valid_key("") && !valid_key("-a") && !valid_key("Feed") && !valid_key("a_b"));
        assert!(!valid_key(&"a".repeat(KEY_MAX + 1)));
        assert!(rules(50.0).validate().is_ok());
        assert!(rules(100.5).validate().is_err());
        assert!(rules(-1.0).validate().is_err());
        let mut r = rules(50.0);
        r.variants = vec![
            Variant {
                name: "a".into(),
                weight: 1,
            },
            Variant {
                name: "a".into(),
                weight: 1,
            },
        ];
        assert!(r.validate().is_err(), "duplicate variant names");
        r.variants[1].name = "b".into();
        r.variants[1].weight = 0;
        assert!(r.validate().is_err(), "zero weight");
    }
}
