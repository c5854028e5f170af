//! Lambda function `send-digests`: every hour, the digest email of each account whose digest fell due.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::send_digests).await
}
