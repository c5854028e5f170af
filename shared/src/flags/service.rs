//! Flags as the site's admins change them and as accounts see them.

use crate::flags::model::{Assignment, Flag, Rules, evaluate, valid_key};
use crate::flags::store::AuditEntry;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::{Clash, Denied, Error, Result};
use crate::platform::events::{Event, ExperimentExposed};
use std::collections::BTreeMap;

const DAY_MS: i64 = 86_400_000;

/// Only the site's admins (`KITH_ADMINS`) see and change flags.
pub fn ensure_admin(app: &App, me: &str) -> Result<()> {
    if app.config.admins.iter().any(|a| a == me) {
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
    let (flags, user, exposed) = tokio::try_join!(
        app.store.flags(),
        app.store.user(me),
        app.store.exposures(me)
    )?;
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

/// The variant of experiment `key` that `me` is in, if any (exposure
/// recorded as by [`mine`]).
pub async fn variant(app: &App, me: &str, key: &str) -> Result<Option<String>> {
    Ok(mine(app, me)
        .await?
        .remove(key)
        .and_then(|assignment| assignment.variant))
}
