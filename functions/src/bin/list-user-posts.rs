//! Lambda function `list-user-posts`: `GET /v1/users/{username}/posts`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::LIST_USER_POSTS)
}
