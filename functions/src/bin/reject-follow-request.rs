//! Lambda function `reject-follow-request`: `DELETE /v1/me/follow-requests/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::REJECT_FOLLOW_REQUEST)
}
