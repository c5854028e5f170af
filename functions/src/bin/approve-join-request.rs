//! Lambda function `approve-join-request`: `POST /v1/communities/{name}/join-requests/{username}/approve`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("approve-join-request").await
}
