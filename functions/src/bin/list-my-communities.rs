//! Lambda function `list-my-communities`: `GET /v1/me/communities`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::list_my_communities).await
}
