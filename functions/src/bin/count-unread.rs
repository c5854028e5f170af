//! Lambda function `count-unread`: `GET /v1/me/unread`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::messaging::api::count_unread).await
}
