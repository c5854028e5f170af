//! Lambda function `list-followers`: `GET /v1/users/{username}/followers`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::list_followers).await
}
