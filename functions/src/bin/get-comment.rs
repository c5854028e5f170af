//! Lambda function `get-comment`: `GET /v1/comments/{comment_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::GET_COMMENT)
}
