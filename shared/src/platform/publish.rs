//! `publish-events`: the table stream's consumer. Sends every outbox item the
//! stream carries to the EventBridge bus and reports the records whose events
//! did not go out, so the stream retries them (ReportBatchItemFailures);
//! nothing is lost when a call fails.

use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
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
            .zip(accepted)
            .filter(|(_, ok)| !ok)
            .map(|((seq, _), _)| seq),
    );
    if !events.is_empty() || !failed.is_empty() {
        tracing::info!(
            published,
            failed = failed.len(),
            "outbox events sent to the bus"
        );
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
