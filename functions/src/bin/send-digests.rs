//! Lambda function `send-digests`: every hour, the digest email of each account whose digest fell due.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::SEND_DIGESTS)
}
