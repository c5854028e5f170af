//! Lambda function `notify`: events -> in-app notifications for the accounts concerned, pushed live.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::notify).await
}
