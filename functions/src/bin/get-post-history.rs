//! Lambda function `get-post-history`: `GET /v1/posts/{post_id}/history`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::get_post_history).await
}
