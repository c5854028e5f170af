//! Pushing frames to WebSocket clients through the API Gateway Management
//! API (`@connections`). Locally, kith-local serves the same API, and the
//! same client reaches it by endpoint URL.

use crate::adapters::lazy::Lazy;
use crate::platform::error::{Error, Result};
use aws_sdk_apigatewaymanagement::primitives::Blob;

/// What became of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// The connection is gone (410): its record should go too.
    Gone,
}

#[derive(Debug)]
pub struct Sockets {
    client: Option<Lazy<aws_sdk_apigatewaymanagement::Client>>,
}

impl Sockets {
    /// Pushes through the WebSocket API at `endpoint`
    /// (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`); with
    /// none configured, every connection counts as gone.
    pub fn new(sdk: &aws_config::SdkConfig, endpoint: Option<&str>) -> Self {
        let client = endpoint.map(|endpoint| Lazy::at(sdk, endpoint));
        Self { client }
    }

    pub async fn post(&self, connection_id: &str, frame: &[u8]) -> Result<Delivery> {
        let Some(client) = &self.client else {
            return Ok(Delivery::Gone);
        };
        match client
            .get()
            .post_to_connection()
            .connection_id(connection_id)
            .data(Blob::new(frame))
            .send()
            .await
        {
            Ok(_) => Ok(Delivery::Sent),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_gone_exception()) =>
            {
                Ok(Delivery::Gone)
            }
            Err(err) => Err(Error::internal("PostToConnection", err)),
        }
    }
}
