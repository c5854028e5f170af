//! Lambda function `remove-post-reaction`: `DELETE /v1/posts/{post_id}/reaction`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(kith::engagement::api::remove_post_reaction).await
}
