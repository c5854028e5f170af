//! Business metrics in CloudWatch's Embedded Metric Format: one JSON line on
//! stdout, which CloudWatch Logs turns into metrics of the `Kith` namespace —
//! no API call and no latency on the request path. Printed only in Lambda
//! (`AWS_LAMBDA_FUNCTION_NAME` is set); locally there is nothing to read them.

use serde_json::{Map, Value, json};
use std::sync::LazyLock;

/// The namespace every Kith metric is in.
pub const NAMESPACE: &str = "Kith";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Milliseconds => "Milliseconds",
        }
    }
}

static IN_LAMBDA: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some());

/// Records the metrics (name, value, unit) as one EMF document.
pub fn emit(metrics: &[(&str, f64, Unit)]) {
    if *IN_LAMBDA && !metrics.is_empty() {
        println!("{}", document(metrics, crate::platform::clock::now_ms()));
    }
}

/// The EMF document: the metric values as top-level members, described
/// under `_aws` at `at_ms` (epoch milliseconds; no dimensions: each metric is one series of the namespace).
pub fn document(metrics: &[(&str, f64, Unit)], at_ms: i64) -> Value {
    let mut doc = Map::new();
    let definitions: Vec<_> = metrics
        .iter()
        .map(|(name, value, unit)| {
            doc.insert((*name).to_owned(), json!(value));
            json!({ "Name": name, "Unit": unit.as_str() })
        })
        .collect();
    doc.insert(
        "_aws".into(),
        json!({
            "Timestamp": at_ms,
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": [[]],
                "Metrics": definitions,
            }],
        }),
    );
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_describes_each_value_it_carries() {
        let doc = document(
            &[
                ("post.created", 3.0, Unit::Count),
                ("FeedPageLatency", 12.5, Unit::Milliseconds),
            ],
            1_700_000_000_000,
        );
        assert_eq!(doc["post.created"], 3.0);
        assert_eq!(doc["FeedPageLatency"], 12.5);
        assert_eq!(doc["_aws"]["Timestamp"], 1_700_000_000_000i64);
        let spec = &doc["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(spec["Namespace"], "Kith");
        assert_eq!(
            spec["Metrics"],
            json!([
                { "Name": "post.created", "Unit": "Count" },
                { "Name": "FeedPageLatency", "Unit": "Milliseconds" },
            ])
        );
    }
}
