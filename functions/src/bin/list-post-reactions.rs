//! Lambda function `list-post-reactions`: `GET /v1/posts/{post_id}/reactions`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-post-reactions").await
}
