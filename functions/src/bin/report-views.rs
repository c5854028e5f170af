//! Lambda function `report-views`: `POST /v1/analytics/views`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::analytics::REPORT_VIEWS)
}
