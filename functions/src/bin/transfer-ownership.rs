//! Lambda function `transfer-ownership`: `PUT /v1/communities/{name}/owner`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::communities::api::transfer_ownership).await
}
