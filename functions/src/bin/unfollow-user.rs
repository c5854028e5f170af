//! Lambda function `unfollow-user`: `DELETE /v1/users/{username}/follow`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::graph::UNFOLLOW_USER)
}
