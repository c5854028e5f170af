//! Lambda function `list-blocks`: `GET /v1/me/blocks`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::LIST_BLOCKS)
}
