//! Lambda function `notify-messages`: message.created -> a notification to members who have not read it shortly after.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::notify_messages).await
}
