//! Lambda function `email-feedback`: SES bounces and complaints -> the address on the suppression list.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::notifications::events::email_feedback).await
}
