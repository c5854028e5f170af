//! Lambda function `approve-join-request`: `POST /v1/communities/{name}/join-requests/{username}/approve`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::approve_join_request).await
}
