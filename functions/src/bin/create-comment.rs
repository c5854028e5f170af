//! Lambda function `create-comment`: `POST /v1/posts/{post_id}/comments`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::comments::api::create_comment).await
}
