//! Lambda function `create-community`: `POST /v1/communities`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::create_community).await
}
