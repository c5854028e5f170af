//! Lambda function `get-flag-metrics`: `GET /v1/admin/flags/{key}/metrics`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::flags::GET_FLAG_METRICS)
}
