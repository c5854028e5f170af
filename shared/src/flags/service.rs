//! Flags as the site's admins change them and as accounts see them.

use crate::flags::model::{Assignment, Flag, Rules, evaluate, valid_key};
use crate::flags::store::AuditEntry;
use crate::platform::clock::{DAY_MS, now_ms};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::{Clash, Denied, Error, Result};
use crate::platform::events::{Event, ExperimentExposed};
use crate::platform::store::counters::day_of;
use serde::Serialize;
use std::collections::BTreeMap;

/// How far back an experiment's metrics go.
pub const METRICS_DAYS_MAX: i64 = 30;

/// Only the site's admins (`KITH_ADMINS`) see and change flags.
pub fn ensure_admin(app: &App, me: &str) -> Result<()> {
    if app.config.is_admin(me) {
        Ok(())
    } else {
        Err(Error::denied(
            Denied::NotAnAdmin,
            "only the site's admins manage flags",
        ))
    }
}

fn parsed_key(key: &str) -> Result<&str> {
    if valid_key(key) {
        Ok(key)
    } else {
        Err(Error::NotFound(format!("no flag {key:?}")))
    }
}

/// Creates or changes the flag `key`, audited with the rules it replaces.
#[tracing::instrument(skip(app, rules))]
pub async fn put(app: &App, me: &str, key: &str, rules: Rules) -> Result<Flag> {
    ensure_admin(app, me)?;
    let key = parsed_key(key)?;
    rules.validate()?;
    let previous = app.store.flag(key).await?;
    let read = previous.as_ref().map_or(0, |f| f.rev);
    let flag = Flag {
        key: key.to_owned(),
        rules: rules.clone(),
        rev: read + 1,
        updated_at: now_ms(),
        updated_by: me.to_owned(),
    };
    let audit = AuditEntry {
        flag: key.to_owned(),
        rev: flag.rev,
        at: flag.updated_at,
        admin_id: me.to_owned(),
        before: previous.map(|f| f.rules),
        after: rules,
    };
    if app.store.put_flag(&flag, read, &audit).await? {
        Ok(flag)
    } else {
        Err(Error::clash(
            Clash::Changed,
            "the flag changed meanwhile; read it again",
        ))
    }
}

pub async fn list(app: &App, me: &str) -> Result<Vec<Flag>> {
    ensure_admin(app, me)?;
    app.store.flags().await
}

pub async fn audit(
    app: &App,
    me: &str,
    key: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<AuditEntry>, Option<Position>)> {
    ensure_admin(app, me)?;
    app.store.flag_audit(parsed_key(key)?, limit, after).await
}

/// Every flag as it is for `me`, recording the experiments it sees for the
/// first time (`experiment.exposed`, once per account and experiment).
#[tracing::instrument(skip(app))]
pub async fn mine(app: &App, me: &str) -> Result<BTreeMap<String, Assignment>> {
    assign(app, me, &app.store.flags().await?).await
}

/// The variant of experiment `key` that `me` is in, if any (exposure
/// recorded as by [`mine`]). One read when there is no such experiment.
pub async fn variant(app: &App, me: &str, key: &str) -> Result<Option<String>> {
    let Some(flag) = app.store.flag(key).await? else {
        return Ok(None);
    };
    if !flag.rules.enabled || flag.rules.variants.is_empty() {
        return Ok(None);
    }
    Ok(assign(app, me, &[flag])
        .await?
        .remove(key)
        .and_then(|assignment| assignment.variant))
}

/// `flags` evaluated for `me`, with the first exposures recorded.
async fn assign(app: &App, me: &str, flags: &[Flag]) -> Result<BTreeMap<String, Assignment>> {
    let (user, exposed) = tokio::try_join!(app.store.user(me), app.store.exposures(me))?;
    let user = user.ok_or_else(|| Error::Unauthorized("the account is gone".into()))?;
    let age_days = (now_ms() - user.created_at.unix_timestamp() * 1000) / DAY_MS;
    let assigned: BTreeMap<String, Assignment> = flags
        .iter()
        .map(|flag| (flag.key.clone(), evaluate(flag, me, age_days)))
        .collect();
    let first: Vec<(String, String)> = assigned
        .iter()
        .filter(|(key, _)| !exposed.contains_key(*key))
        .filter_map(|(key, a)| Some((key.clone(), a.variant.clone()?)))
        .collect();
    if !first.is_empty() {
        let events: Vec<_> = first
            .iter()
            .map(|(flag, variant)| {
                Event::ExperimentExposed(ExperimentExposed {
                    flag: flag.clone(),
                    variant: variant.clone(),
                    user_id: me.to_owned(),
                })
                .at(now_ms() / 1000)
            })
            .collect();
        app.store.expose(me, &first, &events).await?;
    }
    Ok(assigned)
}

/// The daily counters an event adds to for experiments, as
/// `experiment:<flag>:<variant>:<what>`: an exposure counts its account
/// once; a post or a new reaction counts for each experiment its author is
/// in (recorded before it). `count-activity` counts them with the daily
/// report's, once per event.
pub async fn experiment_metrics(app: &App, event: &Event) -> Result<Vec<String>> {
    let metric =
        |flag: &str, variant: &str, what: &str| format!("experiment:{flag}:{variant}:{what}");
    let (actor, what) = match event {
        Event::ExperimentExposed(e) => return Ok(vec![metric(&e.flag, &e.variant, "exposed")]),
        Event::PostCreated(p) => (&p.author_id, "posts"),
        Event::ReactionAdded(r) if r.previous.is_none() => (&r.user_id, "reactions"),
        _ => return Ok(Vec::new()),
    };
    Ok(app
        .store
        .exposures(actor)
        .await?
        .iter()
        .map(|(flag, variant)| metric(flag, variant, what))
        .collect())
}

/// One variant's activity over the days asked for.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct VariantMetrics {
    pub exposed_accounts: i64,
    pub posts: i64,
    pub reactions: i64,
    pub posts_per_exposed_account: f64,
    pub reactions_per_exposed_account: f64,
}

/// Experiment `key`'s activity per variant over the last `days` UTC days
/// (today included), from the daily counters (one Query per day).
pub async fn variant_metrics(
    app: &App,
    me: &str,
    key: &str,
    days: i64,
) -> Result<BTreeMap<String, VariantMetrics>> {
    ensure_admin(app, me)?;
    if !(1..=METRICS_DAYS_MAX).contains(&days) {
        return Err(Error::validation(
            "days",
            format!("from 1 to {METRICS_DAYS_MAX}"),
        ));
    }
    let flag = app
        .store
        .flag(parsed_key(key)?)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no flag {key:?}")))?;
    let today = now_ms();
    let days: Vec<String> = (0..days).map(|d| day_of(today - d * DAY_MS)).collect();
    let reads = days.iter().map(|day| app.store.counters(day));
    let mut per_variant: BTreeMap<String, VariantMetrics> = flag
        .rules
        .variants
        .iter()
        .map(|v| (v.name.clone(), VariantMetrics::default()))
        .collect();
    let prefix = format!("experiment:{key}:");
    for day in futures_util::future::try_join_all(reads).await? {
        for (name, value) in day {
            let Some((variant, what)) = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.rsplit_once(':'))
            else {
                continue;
            };
            let counts = per_variant.entry(variant.to_owned()).or_default();
            match what {
                "exposed" => counts.exposed_accounts += value,
                "posts" => counts.posts += value,
                "reactions" => counts.reactions += value,
                _ => {}
            }
        }
    }
    for counts in per_variant.values_mut() {
        let exposed = counts.exposed_accounts.max(1) as f64;
        counts.posts_per_exposed_account = counts.posts as f64 / exposed;
        counts.reactions_per_exposed_account = counts.reactions as f64 / exposed;
    }
    Ok(per_variant)
}
