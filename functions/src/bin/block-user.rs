//! Lambda function `block-user`: `POST /v1/users/{username}/block`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::block_user).await
}
