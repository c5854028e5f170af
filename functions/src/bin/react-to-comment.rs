//! Lambda function `react-to-comment`: `PUT /v1/comments/{comment_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::REACT_TO_COMMENT)
}
