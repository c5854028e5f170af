//! Lambda function `add-moderator`: `PUT /v1/communities/{name}/moderators/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::ADD_MODERATOR)
}
