//! Lambda function `create-post`: `POST /v1/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::create_post).await
}
