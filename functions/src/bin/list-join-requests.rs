//! Lambda function `list-join-requests`: `GET /v1/communities/{name}/join-requests`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::LIST_JOIN_REQUESTS)
}
