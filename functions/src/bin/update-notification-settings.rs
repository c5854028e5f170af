//! Lambda function `update-notification-settings`: `PATCH /v1/me/notification-settings`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::UPDATE_NOTIFICATION_SETTINGS)
}
