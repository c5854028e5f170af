//! Lambda function `add-moderator`: `PUT /v1/communities/{name}/moderators/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::add_moderator).await
}
