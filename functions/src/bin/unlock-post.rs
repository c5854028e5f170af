//! Lambda function `unlock-post`: `DELETE /v1/posts/{post_id}/lock`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("unlock-post").await
}
