//! Lambda function `push-failures`: SNS delivery failures -> the disabled endpoint and its device removed.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::push_failures).await
}
