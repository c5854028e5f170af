//! Lambda function `vote-on-post`: `PUT /v1/posts/{post_id}/vote`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::votes::VOTE_ON_POST)
}
