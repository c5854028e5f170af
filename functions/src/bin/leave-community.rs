//! Lambda function `leave-community`: `DELETE /v1/communities/{name}/membership`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::leave_community).await
}
