//! Lambda function `create-comment`: `POST /v1/posts/{post_id}/comments`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::comments::CREATE_COMMENT)
}
