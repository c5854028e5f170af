//! Lambda function `get-mod-log`: `GET /v1/communities/{name}/modlog`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::moderation::api::get_mod_log).await
}
