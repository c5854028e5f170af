//! Lambda function `list-user-posts`: `GET /v1/users/{username}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-user-posts").await
}
