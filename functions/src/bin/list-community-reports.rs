//! Lambda function `list-community-reports`: `GET /v1/communities/{name}/reports`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::list_community_reports).await
}
