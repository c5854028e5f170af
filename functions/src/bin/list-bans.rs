//! Lambda function `list-bans`: `GET /v1/communities/{name}/bans`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::list_bans).await
}
