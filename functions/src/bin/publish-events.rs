//! Lambda function `publish-events`: the table stream's outbox items -> EventBridge.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::PUBLISH_EVENTS)
}
