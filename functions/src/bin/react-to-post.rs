//! Lambda function `react-to-post`: `PUT /v1/posts/{post_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("react-to-post").await
}
