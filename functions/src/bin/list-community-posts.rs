//! Lambda function `list-community-posts`: `GET /v1/communities/{name}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::list_community_posts).await
}
