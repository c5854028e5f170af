//! Lambda function `list-comments`: `GET /v1/posts/{post_id}/comments`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::comments::api::list_comments).await
}
