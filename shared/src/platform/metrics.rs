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
    emit_by(&[], metrics);
}

/// Records the metrics under `dimensions` (name, value): one series per
/// value, so keep the values few (a feature, never an id).
pub fn emit_by(dimensions: &[(&str, &str)], metrics: &[(&str, f64, Unit)]) {
    if *IN_LAMBDA && !metrics.is_empty() {
        let doc = document(dimensions, metrics, crate::platform::clock::now_ms());
        println!("{doc}");
    }
}

/// The EMF document: the dimension and metric values as top-level members,
/// described under `_aws` at `at_ms` (epoch milliseconds).
pub fn document(dimensions: &[(&str, &str)], metrics: &[(&str, f64, Unit)], at_ms: i64) -> Value {
    let mut doc = Map::new();
    for (name, value) in dimensions {
        doc.insert((*name).to_owned(), json!(value));
    }
    let names: Vec<_> = dimensions.iter().map(|(name, _)| *name).collect();
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
                "Dimensions": [names],
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
            &[],
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
        assert_eq!(spec["Dimensions"], json!([[]]));
    }

    #[test]
    fn dimensions_are_members_and_one_dimension_set() {
        let doc = document(
            &[("Feature", "posts")],
            &[("Latency", 4.0, Unit::Milliseconds)],
            0,
        );
        assert_eq!(doc["Feature"], "posts");
        assert_eq!(
            doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json!([["Feature"]])
        );
    }
}
