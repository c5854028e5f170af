//! Lambda function `unmute-user`: `DELETE /v1/users/{username}/mute`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::UNMUTE_USER)
}
