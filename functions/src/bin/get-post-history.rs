//! Lambda function `get-post-history`: `GET /v1/posts/{post_id}/history`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::GET_POST_HISTORY)
}
