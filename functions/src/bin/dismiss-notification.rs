//! Lambda function `dismiss-notification`: `DELETE /v1/notifications/{notification_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::DISMISS_NOTIFICATION)
}
