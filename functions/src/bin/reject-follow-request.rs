//! Lambda function `reject-follow-request`: `DELETE /v1/me/follow-requests/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::reject_follow_request).await
}
