//! Lambda function `list-hashtag-posts`: `GET /v1/hashtags/{tag}/posts`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::LIST_HASHTAG_POSTS)
}
