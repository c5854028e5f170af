//! Lambda function `list-bookmarks`: `GET /v1/me/bookmarks`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::list_bookmarks).await
}
