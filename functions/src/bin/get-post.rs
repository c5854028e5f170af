//! Lambda function `get-post`: `GET /v1/posts/{post_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::get_post).await
}
