//! Lambda function `ban-member`: `PUT /v1/communities/{name}/bans/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::BAN_MEMBER)
}
