//! Lambda function `approve-join-request`: `POST /v1/communities/{name}/join-requests/{username}/approve`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::APPROVE_JOIN_REQUEST)
}
