//! Lambda function `remove-moderator`: `DELETE /v1/communities/{name}/moderators/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::REMOVE_MODERATOR)
}
