//! Lambda function `get-comment-history`: `GET /v1/comments/{comment_id}/history`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::GET_COMMENT_HISTORY)
}
