//! Lambda function `list-community-posts`: `GET /v1/communities/{name}/posts`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::LIST_COMMUNITY_POSTS)
}
