//! Lambda function `list-flags`: `GET /v1/admin/flags`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::flags::LIST_FLAGS)
}
