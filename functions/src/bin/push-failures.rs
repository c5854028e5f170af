//! Lambda function `push-failures`: SNS delivery failures -> the disabled endpoint and its device removed.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::PUSH_FAILURES)
}
