//! Lambda function `list-site-reports`: `GET /v1/reports`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::list_site_reports).await
}
