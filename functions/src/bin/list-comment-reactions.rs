//! Lambda function `list-comment-reactions`: `GET /v1/comments/{comment_id}/reactions`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::LIST_COMMENT_REACTIONS)
}
