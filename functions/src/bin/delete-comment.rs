//! Lambda function `delete-comment`: `DELETE /v1/comments/{comment_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::DELETE_COMMENT)
}
