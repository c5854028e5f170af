//! Lambda function `mute-user`: `POST /v1/users/{username}/mute`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::MUTE_USER)
}
