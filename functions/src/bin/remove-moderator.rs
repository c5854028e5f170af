//! Lambda function `remove-moderator`: `DELETE /v1/communities/{name}/moderators/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::remove_moderator).await
}
