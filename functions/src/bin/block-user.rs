//! Lambda function `block-user`: `POST /v1/users/{username}/block`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("block-user").await
}
