//! Lambda function `get-notification-settings`: `GET /v1/me/notification-settings`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::GET_NOTIFICATION_SETTINGS)
}
