//! Lambda function `list-comments`: `GET /v1/posts/{post_id}/comments`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::LIST_COMMENTS)
}
