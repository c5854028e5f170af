//! Lambda function `follow-user`: `POST /v1/users/{username}/follow`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::graph::api::follow_user).await
}
