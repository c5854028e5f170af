//! Lambda function `get-media`: `GET /v1/media/{media_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::GET_MEDIA)
}
