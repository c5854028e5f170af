//! Lambda function `mute-user`: `POST /v1/users/{username}/mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::mute_user).await
}
