//! Lambda function `notify`: events -> in-app notifications for the accounts concerned, pushed live.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::NOTIFY)
}
