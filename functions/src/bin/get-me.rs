//! Lambda function `get-me`: `GET /v1/me`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::profiles::GET_ME)
}
