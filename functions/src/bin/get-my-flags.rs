//! Lambda function `get-my-flags`: `GET /v1/me/flags`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::flags::GET_MY_FLAGS)
}
