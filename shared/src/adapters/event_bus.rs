//! Publishing domain events to the EventBridge bus.

use crate::adapters::lazy::Lazy;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::events::SOURCE;
use aws_sdk_eventbridge::error::DisplayErrorContext;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;

/// PutEvents accepts at most 10 entries per call.
const BATCH: usize = 10;

#[derive(Debug)]
pub struct EventBus {
    client: Lazy<aws_sdk_eventbridge::Client>,
    name: String,
}

impl EventBus {
    pub fn new(client: Lazy<aws_sdk_eventbridge::Client>, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }

    /// Sends the events in batches; returns, per event, whether it was accepted.
    /// A batch the service refuses as a whole counts as all failed, so the
    /// caller can retry exactly what did not go out.
    pub async fn publish(&self, events: &[Envelope]) -> Result<Vec<bool>> {
        let mut accepted = Vec::with_capacity(events.len());
        for batch in events.chunks(BATCH) {
            let entries = batch
                .iter()
                .map(|e| {
                    let detail = serde_json::json!({ "id": e.id, "version": e.version, "occurred_at": e.occurred_at, "data": e.detail });
                    PutEventsRequestEntry::builder()
                        .event_bus_name(&self.name)
                        .source(SOURCE)
                        .detail_type(&e.detail_type)
                        .detail(detail.to_string())
                        .build()
                })
                .collect();
            match self
                .client
                .get()
                .put_events()
                .set_entries(Some(entries))
                .send()
                .await
            {
                Ok(out) => {
                    let results = out.entries.unwrap_or_default();
                    accepted.extend(
                        (0..batch.len())
                            .map(|i| results.get(i).is_some_and(|r| r.error_code.is_none())),
                    );
                }
                Err(err) => {
                    tracing::warn!(error = %DisplayErrorContext(&err), "PutEvents failed");
                    accepted.extend(std::iter::repeat_n(false, batch.len()));
                }
            }
        }
        Ok(accepted)
    }
}
