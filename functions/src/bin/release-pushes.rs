//! Lambda function `release-pushes`: every 15 minutes, one summary push to each account whose quiet hours ended.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::RELEASE_PUSHES)
}
