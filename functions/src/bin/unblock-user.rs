//! Lambda function `unblock-user`: `DELETE /v1/users/{username}/block`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::UNBLOCK_USER)
}
