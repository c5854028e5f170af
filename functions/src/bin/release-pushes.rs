//! Lambda function `release-pushes`: every 15 minutes, one summary push to each account whose quiet hours ended.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::release_pushes).await
}
