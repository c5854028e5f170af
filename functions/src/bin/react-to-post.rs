//! Lambda function `react-to-post`: `PUT /v1/posts/{post_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::react_to_post).await
}
