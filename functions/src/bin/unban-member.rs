//! Lambda function `unban-member`: `DELETE /v1/communities/{name}/bans/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("unban-member").await
}
