//! Lambda function `unblock-user`: `DELETE /v1/users/{username}/block`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("unblock-user").await
}
