//! Lambda function `pin-post`: `PUT /v1/communities/{name}/pins/{post_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::pin_post).await
}
