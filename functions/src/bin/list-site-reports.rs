//! Lambda function `list-site-reports`: `GET /v1/reports`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::LIST_SITE_REPORTS)
}
