//! Lambda function `fanout-post`: `post.created` / `post.deleted` -> home feeds.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::FANOUT_POST)
}
