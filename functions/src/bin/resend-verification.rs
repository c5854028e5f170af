//! Lambda function `resend-verification`: `POST /v1/auth/verify-email/resend`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::RESEND_VERIFICATION)
}
