//! Lambda function `resolve-report`: `POST /v1/reports/{report_id}/resolution`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::RESOLVE_REPORT)
}
