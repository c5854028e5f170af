//! Lambda function `get-feed`: `GET /v1/feed`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::feeds::GET_FEED)
}
