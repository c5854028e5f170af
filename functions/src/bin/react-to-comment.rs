//! Lambda function `react-to-comment`: `PUT /v1/comments/{comment_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::react_to_comment).await
}
