//! Lambda function `edit-post`: `PATCH /v1/posts/{post_id}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::edit_post).await
}
