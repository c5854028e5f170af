//! Lambda function `get-community`: `GET /v1/communities/{name}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::GET_COMMUNITY)
}
