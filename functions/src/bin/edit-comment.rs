//! Lambda function `edit-comment`: `PATCH /v1/comments/{comment_id}`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::EDIT_COMMENT)
}
