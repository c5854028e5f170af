//! Lambda function `ban-member`: `PUT /v1/communities/{name}/bans/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::ban_member).await
}
