//! Lambda function `get-post-analytics`: `GET /v1/posts/{post_id}/analytics`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::analytics::GET_POST_ANALYTICS)
}
