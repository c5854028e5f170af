//! Lambda function `list-devices`: `GET /v1/me/devices`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::LIST_DEVICES)
}
