//! Lambda function `list-followers`: `GET /v1/users/{username}/followers`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-followers").await
}
