//! Lambda function `unblock-user`: `DELETE /v1/users/{username}/block`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::unblock_user).await
}
