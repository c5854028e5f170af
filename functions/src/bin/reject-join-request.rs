//! Lambda function `reject-join-request`: `DELETE /v1/communities/{name}/join-requests/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::reject_join_request).await
}
