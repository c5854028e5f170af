//! Lambda function `reject-join-request`: `DELETE /v1/communities/{name}/join-requests/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("reject-join-request").await
}
