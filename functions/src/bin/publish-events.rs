//! Lambda function `publish-events`: the table stream's outbox items -> EventBridge.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::platform::publish::handle).await
}
