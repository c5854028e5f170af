//! Lambda function `unban-member`: `DELETE /v1/communities/{name}/bans/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::unban_member).await
}
