//! Lambda function `list-notification-actors`: `GET /v1/notifications/{notification_id}/actors`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::LIST_NOTIFICATION_ACTORS)
}
