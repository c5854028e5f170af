//! Lambda function `get-mod-log`: `GET /v1/communities/{name}/modlog`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::GET_MOD_LOG)
}
