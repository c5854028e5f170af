//! Lambda function `block-user`: `POST /v1/users/{username}/block`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::BLOCK_USER)
}
