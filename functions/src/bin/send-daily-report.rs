//! Lambda function `send-daily-report`: every morning, yesterday's activity, failures and dead letters to the operators.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::operations::events::send_daily_report).await
}
