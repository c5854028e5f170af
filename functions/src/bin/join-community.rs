//! Lambda function `join-community`: `PUT /v1/communities/{name}/membership`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::JOIN_COMMUNITY)
}
