//! Lambda function `get-media`: `GET /v1/media/{media_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::get_media).await
}
