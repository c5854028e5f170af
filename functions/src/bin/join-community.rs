//! Lambda function `join-community`: `PUT /v1/communities/{name}/membership`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("join-community").await
}
