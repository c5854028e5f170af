//! Lambda function `update-me`: `PATCH /v1/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("update-me").await
}
