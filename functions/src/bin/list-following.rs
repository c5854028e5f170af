//! Lambda function `list-following`: `GET /v1/users/{username}/following`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-following").await
}
