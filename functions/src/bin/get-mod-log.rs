//! Lambda function `get-mod-log`: `GET /v1/communities/{name}/modlog`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::serve_http("get-mod-log").await
}
