//! Lambda function `remove-device`: `DELETE /v1/me/devices/{device_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::notifications::REMOVE_DEVICE)
}
