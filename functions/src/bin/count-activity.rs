//! Lambda function `count-activity`: the events the daily report counts -> the day's counters, once per event.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::COUNT_ACTIVITY)
}
