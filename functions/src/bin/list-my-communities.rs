//! Lambda function `list-my-communities`: `GET /v1/me/communities`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-my-communities").await
}
