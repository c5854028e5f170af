//! Lambda function `create-post`: `POST /v1/posts`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::CREATE_POST)
}
