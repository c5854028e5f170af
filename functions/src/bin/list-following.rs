//! Lambda function `list-following`: `GET /v1/users/{username}/following`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::list_following).await
}
