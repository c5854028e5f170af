//! Lambda function `count-activity`: the events the daily report counts -> the day's counters, once per event.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::operations::events::count_activity).await
}
