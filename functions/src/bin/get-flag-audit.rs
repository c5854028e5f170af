//! Lambda function `get-flag-audit`: `GET /v1/admin/flags/{key}/audit`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::flags::GET_FLAG_AUDIT)
}
