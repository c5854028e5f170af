//! Lambda function `list-user-posts`: `GET /v1/users/{username}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::list_user_posts).await
}
