//! Lambda function `accept-follow-request`: `POST /v1/me/follow-requests/{username}/accept`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::accept_follow_request).await
}
