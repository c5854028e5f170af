//! Lambda function `file-report`: `POST /v1/reports`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::FILE_REPORT)
}
