//! Lambda function `delete-post`: `DELETE /v1/posts/{post_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::delete_post).await
}
