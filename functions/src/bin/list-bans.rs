//! Lambda function `list-bans`: `GET /v1/communities/{name}/bans`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::LIST_BANS)
}
