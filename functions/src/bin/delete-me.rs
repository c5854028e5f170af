//! Lambda function `delete-me`: `DELETE /v1/me`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::profiles::api::delete_me).await
}
