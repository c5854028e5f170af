//! Lambda function `notify-messages`: message.created -> a notification to members who have not read it shortly after.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::NOTIFY_MESSAGES)
}
