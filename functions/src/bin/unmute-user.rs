//! Lambda function `unmute-user`: `DELETE /v1/users/{username}/mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::unmute_user).await
}
