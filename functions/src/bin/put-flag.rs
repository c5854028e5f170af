//! Lambda function `put-flag`: `PUT /v1/admin/flags/{key}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::flags::PUT_FLAG)
}
