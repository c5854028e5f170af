//! Lambda function `vote-on-comment`: `PUT /v1/comments/{comment_id}/vote`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::votes::VOTE_ON_COMMENT)
}
