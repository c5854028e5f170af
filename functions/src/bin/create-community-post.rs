//! Lambda function `create-community-post`: `POST /v1/communities/{name}/posts`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::posts::CREATE_COMMUNITY_POST)
}
