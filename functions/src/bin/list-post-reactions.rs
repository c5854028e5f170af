//! Lambda function `list-post-reactions`: `GET /v1/posts/{post_id}/reactions`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::LIST_POST_REACTIONS)
}
