//! Lambda function `delete-me`: `DELETE /v1/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("delete-me").await
}
