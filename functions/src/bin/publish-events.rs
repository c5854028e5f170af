//! Lambda function `publish-events`: the table stream's outbox items -> EventBridge.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::runtime::serve_event("publish-events").await
}
