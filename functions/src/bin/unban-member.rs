//! Lambda function `unban-member`: `DELETE /v1/communities/{name}/bans/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::UNBAN_MEMBER)
}
