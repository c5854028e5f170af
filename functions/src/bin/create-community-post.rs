//! Lambda function `create-community-post`: `POST /v1/communities/{name}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::create_community_post).await
}
