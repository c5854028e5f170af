//! Lambda function `add-moderator`: `PUT /v1/communities/{name}/moderators/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("add-moderator").await
}
