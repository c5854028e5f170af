//! Lambda function `email-feedback`: SES bounces and complaints -> the address on the suppression list.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::EMAIL_FEEDBACK)
}
