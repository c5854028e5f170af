//! Lambda function `get-post`: `GET /v1/posts/{post_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::GET_POST)
}
