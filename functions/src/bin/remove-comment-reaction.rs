//! Lambda function `remove-comment-reaction`: `DELETE /v1/comments/{comment_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::REMOVE_COMMENT_REACTION)
}
