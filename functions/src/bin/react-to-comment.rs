//! Lambda function `react-to-comment`: `PUT /v1/comments/{comment_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("react-to-comment").await
}
