//! Lambda function `get-user`: `GET /v1/users/{username}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::profiles::GET_USER)
}
