//! Lambda function `get-my-analytics`: `GET /v1/me/analytics`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::analytics::GET_MY_ANALYTICS)
}
