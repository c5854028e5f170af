//! Lambda function `unmute-user`: `DELETE /v1/users/{username}/mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("unmute-user").await
}
