//! Lambda function `remove-post-reaction`: `DELETE /v1/posts/{post_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::REMOVE_POST_REACTION)
}
