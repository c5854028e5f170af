//! Lambda function `unfollow-user`: `DELETE /v1/users/{username}/follow`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::unfollow_user).await
}
