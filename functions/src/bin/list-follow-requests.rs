//! Lambda function `list-follow-requests`: `GET /v1/me/follow-requests`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::list_follow_requests).await
}
