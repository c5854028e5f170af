//! Lambda function `list-hashtag-posts`: `GET /v1/hashtags/{tag}/posts`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::posts::api::list_hashtag_posts).await
}
