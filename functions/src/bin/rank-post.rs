//! Lambda function `rank-post`: `vote.cast` -> the post's hot and controversial ranks.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::RANK_POST)
}
