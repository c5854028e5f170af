//! Lambda function `list-bookmarks`: `GET /v1/me/bookmarks`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("list-bookmarks").await
}
