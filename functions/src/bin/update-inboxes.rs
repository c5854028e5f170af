//! Lambda function `update-inboxes`: `message.*` / `conversation.updated` -> every member's inbox entry.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::messaging::events::update_inboxes).await
}
