//! `count-activity`: the events the daily report counts, the experiments'
//! per-variant activity and per-post analytics, each event once;
//! `send-daily-report`: the report, every morning.

use crate::analytics::service as analytics;
use crate::flags::service as flags;
use crate::operations::model::metric_of;
use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::platform::events::typed;
use crate::platform::store::counters::day_of;
use serde_json::{Value, json};

pub async fn count_activity(app: &'static App, event: Value) -> Result<Value> {
    let id = event["detail"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let ulid = ulid::Ulid::from_string(&id)
        .map_err(|_| Error::BadRequest(format!("not a Kith event id: {id:?}")))?;
    let Some(event) = typed(event)? else {
        return Ok(Value::Null);
    };
    // The report's metric, and those of the experiments its actor is in.
    let mut metrics: Vec<String> = metric_of(&event).map(str::to_owned).into_iter().collect();
    metrics.extend(flags::experiment_metrics(app, &event).await?);
    let counted = analytics::counted(&event);
    if metrics.is_empty() && counted.is_none() {
        return Ok(Value::Null);
    }
    let day = day_of(ulid.timestamp_ms() as i64);
    let names: Vec<&str> = metrics.iter().map(String::as_str).collect();
    let first_time = app.store.count_event(&id, &day, &names).await?;
    if let (true, Some(counted)) = (first_time, counted) {
        // Per-post analytics, under the same guard (a failure between the
        // two loses a count rather than doubling one, as the guard does).
        analytics::count(app, counted, &day).await?;
    }
    Ok(json!({ "metrics": metrics, "day": day, "counted": first_time }))
}

/// Yesterday's report (UTC), or the event's `day` (`YYYY-MM-DD`; with
/// `"again": true` it is sent even if it went already).
pub async fn send_daily_report(app: &'static App, event: Value) -> Result<Value> {
    let day = match event.get("day").and_then(Value::as_str) {
        Some(raw) => raw
            .parse::<jiff::civil::Date>()
            .map_err(|_| Error::BadRequest(format!("day must be YYYY-MM-DD: {raw:?}")))?
            .to_string(),
        None => day_of(crate::platform::clock::now_ms() - crate::platform::clock::DAY_MS),
    };
    let again = event.get("again").and_then(Value::as_bool).unwrap_or(false);
    let sent = crate::operations::service::send(app, &day, again).await?;
    Ok(json!({ "day": day, "sent": sent }))
}
