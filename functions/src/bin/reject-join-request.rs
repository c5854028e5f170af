//! Lambda function `reject-join-request`: `DELETE /v1/communities/{name}/join-requests/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::REJECT_JOIN_REQUEST)
}
