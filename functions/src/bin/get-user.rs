//! Lambda function `get-user`: `GET /v1/users/{username}`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::profiles::api::get_user).await
}
