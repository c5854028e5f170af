//! Lambda function `list-community-posts`: `GET /v1/communities/{name}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-community-posts").await
}
