//! Lambda function `create-upload`: `POST /v1/media`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::media::CREATE_UPLOAD)
}
