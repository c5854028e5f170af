//! `publish-events`: the table stream's consumer. Sends every outbox item the
//! stream carries to the EventBridge bus and reports the records whose events
//! did not go out, so the stream retries them (ReportBatchItemFailures);
//! nothing is lost when a call fails.

use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::metrics::{self, Unit};
use crate::platform::store::outbox::event_from_image;
use aws_lambda_events::dynamodb::Event as StreamEvent;
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde_json::Value;

pub async fn handle(app: &'static App, event: Value) -> Result<Value> {
    let stream: StreamEvent = serde_json::from_value(event)
        .map_err(|e| Error::BadRequest(format!("not a DynamoDB stream event: {e}")))?;
    let mut pending = Vec::new();
    let mut failed = Vec::new();
    for record in stream.records {
        let sequence = record.change.sequence_number.clone().unwrap_or_default();
        if record.event_name != "INSERT" {
            continue;
        }
        match event_from_image(record.change.new_image) {
            Ok(Some(event)) => pending.push((sequence, event)),
            Ok(None) => {}
            Err(err) => {
                tracing::error!(%err, sequence, "unreadable outbox item");
                failed.push(sequence);
            }
        }
    }
    let events: Vec<_> = pending.iter().map(|(_, e)| e.clone()).collect();
    let accepted = app.events.publish(&events).await?;
    let published = accepted.iter().filter(|ok| **ok).count();
    failed.extend(
        pending
            .into_iter()
            .zip(accepted.iter().copied())
            .filter(|(_, ok)| !ok)
            .map(|((seq, _), _)| seq),
    );
    if !events.is_empty() || !failed.is_empty() {
        tracing::info!(
            published,
            failed = failed.len(),
            "outbox events sent to the bus"
        );
        metrics::emit(&published_metrics(&events, &accepted, failed.len()));
    }
    let mut response = DynamoDbEventResponse::default();
    response.batch_item_failures = failed
        .into_iter()
        .map(|seq| {
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = Some(seq);
            failure
        })
        .collect();
    serde_json::to_value(response).map_err(|e| Error::internal("encode response", e))
}

/// What a batch published, as metrics: one count per event type that went
/// out (`post.created` is posts created, `reaction.added` reactions,
/// `message.created` messages sent, `media.processed`/`media.rejected`
/// media, ...), `EventsPublished` and `EventsFailed` (unreadable or refused
/// by the bus, so retried).
fn published_metrics<'a>(
    events: &'a [Envelope],
    accepted: &[bool],
    failed: usize,
) -> Vec<(&'a str, f64, Unit)> {
    let mut counts = std::collections::BTreeMap::<&str, f64>::new();
    for (event, _) in events.iter().zip(accepted).filter(|(_, ok)| **ok) {
        *counts.entry(event.detail_type.as_str()).or_default() += 1.0;
    }
    let published: f64 = counts.values().sum();
    counts
        .into_iter()
        .map(|(name, n)| (name, n, Unit::Count))
        .chain([
            ("EventsPublished", published, Unit::Count),
            ("EventsFailed", failed as f64, Unit::Count),
        ])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(detail_type: &str) -> Envelope {
        Envelope {
            id: ulid::Ulid::generate().to_string(),
            detail_type: detail_type.into(),
            version: 1,
            detail: Value::Null,
            occurred_at: 0,
        }
    }

    #[test]
    fn a_batch_counts_what_went_out_by_type_and_what_failed() {
        let events = [
            envelope("post.created"),
            envelope("reaction.added"),
            envelope("post.created"),
            envelope("message.created"),
        ];
        let metrics = published_metrics(&events, &[true, true, true, false], 2);
        assert_eq!(
            metrics,
            vec![
                ("post.created", 2.0, Unit::Count),
                ("reaction.added", 1.0, Unit::Count),
                ("EventsPublished", 3.0, Unit::Count),
                ("EventsFailed", 2.0, Unit::Count),
            ]
        );
    }
}
