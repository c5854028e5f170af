//! Lambda function `remove-comment`: `POST /v1/comments/{comment_id}/removal`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::REMOVE_COMMENT)
}
