//! Lambda function `list-mutes`: `GET /v1/me/mutes`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::LIST_MUTES)
}
