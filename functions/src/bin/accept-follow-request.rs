//! Lambda function `accept-follow-request`: `POST /v1/me/follow-requests/{username}/accept`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::ACCEPT_FOLLOW_REQUEST)
}
