//! Lambda function `unmute-user`: `DELETE /v1/users/{username}/mute`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::runtime::serve_http("unmute-user").await
}
