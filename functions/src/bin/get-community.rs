//! Lambda function `get-community`: `GET /v1/communities/{name}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::get_community).await
}
