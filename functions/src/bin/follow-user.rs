//! Lambda function `follow-user`: `POST /v1/users/{username}/follow`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::FOLLOW_USER)
}
