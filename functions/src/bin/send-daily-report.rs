//! Lambda function `send-daily-report`: every morning, yesterday's activity, failures and dead letters to the operators.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::SEND_DAILY_REPORT)
}
