//! Lambda function `jwks`: `GET /.well-known/jwks.json`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::accounts::well_known::jwks).await
}
