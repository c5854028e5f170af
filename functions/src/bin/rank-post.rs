//! Lambda function `rank-post`: `vote.cast` -> the post's hot and controversial ranks.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(kith::votes::events::rank_post).await
}
