//! Lambda function `list-community-members`: `GET /v1/communities/{name}/members`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::list_community_members).await
}
