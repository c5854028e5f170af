//! Lambda function `accept-notification-request`: `POST /v1/notifications/{notification_id}/accept`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::ACCEPT_NOTIFICATION_REQUEST)
}
