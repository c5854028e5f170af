//! Lambda function `resolve-report`: `POST /v1/reports/{report_id}/resolution`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::resolve_report).await
}
