//! SQS, read only: how many messages wait in a queue (the dead-letter
//! queues' depth, for the daily report).

use crate::adapters::lazy::Lazy;
use crate::platform::error::{Error, Result};
use aws_sdk_sqs::types::QueueAttributeName;

pub struct Queues {
    client: Lazy<aws_sdk_sqs::Client>,
}

impl Queues {
    pub fn new(client: Lazy<aws_sdk_sqs::Client>) -> Self {
        Self { client }
    }

    /// The messages waiting in the queue at `url` (visible or in flight).
    pub async fn depth(&self, url: &str) -> Result<u64> {
        let out = self
            .client
            .get()
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .map_err(|e| Error::internal("GetQueueAttributes", e))?;
        let attributes = out.attributes.unwrap_or_default();
        Ok([
            QueueAttributeName::ApproximateNumberOfMessages,
            QueueAttributeName::ApproximateNumberOfMessagesNotVisible,
        ]
        .iter()
        .filter_map(|name| attributes.get(name)?.parse::<u64>().ok())
        .sum())
    }
}
