//! Lambda function `list-join-requests`: `GET /v1/communities/{name}/join-requests`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::list_join_requests).await
}
